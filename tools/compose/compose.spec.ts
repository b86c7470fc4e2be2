/**
 * No Docker engine runs here, so docker-compose.yml is checked the way compose itself
 * would read it (YAML with merge keys), and its wiring against the code: every app
 * reaches the broker on the internal listener, waits for a healthy Kafka and for the
 * topics, publishes its documented port, and the image version matches the pinned jars.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { loadKafkaEnv } from '@kstream/kafka';
import { pinnedKafkaVersion, repoRoot } from '../kafka/paths';
import { STACK_APPS } from '../stack/stack-apps';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  ports?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const compose = parse(fs.readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const dockerfile = fs.readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');

describe('docker-compose.yml', () => {
  const kafka = compose.services['kafka'];

  it('runs the apache/kafka image at the version the local tooling pins, in KRaft mode', () => {
    expect(kafka.image).toBe(`apache/kafka:${pinnedKafkaVersion()}`);
    expect(kafka.environment?.['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
    expect(kafka.environment?.['KAFKA_AUTO_CREATE_TOPICS_ENABLE']).toBe('false');
    expect(kafka.healthcheck?.test.join(' ')).toContain('kafka-broker-api-versions.sh');
    expect(kafka.ports).toContain('9092:9092');
  });

  it('advertises an internal listener the apps use and an external one for the host', () => {
    const advertised = String(kafka.environment?.['KAFKA_ADVERTISED_LISTENERS']);
    const internal = /INTERNAL:\/\/([^,]+)/.exec(advertised)?.[1];
    expect(internal).toBe('kafka:19092');
    expect(advertised).toContain('EXTERNAL://localhost:9092');
  });

  it('provisions the topics once, after Kafka is healthy, with a script the image contains', () => {
    const init = compose.services['kafka-init'];
    expect(init.depends_on?.['kafka']).toEqual({ condition: 'service_healthy' });
    expect(init.command).toEqual(['node', 'dist/tools/provision.js']);
    expect(dockerfile).toContain('npm run build:provision');
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['build:provision']).toContain('--outfile=dist/tools/provision.js');
  });

  it.each(STACK_APPS.map((app) => [app.name, app] as const))('wires %s: command, port, broker, start order, valid env', (name, app) => {
    const service = compose.services[name];
    expect(service).toBeDefined();
    expect(service.build).toBe('.');
    expect(service.command).toEqual(['node', `dist/apps/${name}/main.js`]);
    expect(service.ports).toEqual([`${app.defaultPort}:${app.defaultPort}`]);
    expect(service.environment?.['PORT']).toBe(app.defaultPort);
    expect(service.environment?.['KAFKA_BROKERS']).toBe('kafka:19092');
    expect(service.depends_on).toEqual({
      kafka: { condition: 'service_healthy' },
      'kafka-init': { condition: 'service_completed_successfully' },
    });
    // The Kafka variables must pass the same validation the app runs at start-up.
    const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));
    expect(() => loadKafkaEnv(env)).not.toThrow();
  });

  it('builds one multi-stage image that runs as a non-root user with a health check', () => {
    expect(dockerfile).toMatch(/FROM node:20[^\n]* AS build/);
    expect(dockerfile).toMatch(/FROM node:20[^\n]* AS runtime/);
    expect(dockerfile).toContain('npm install --omit=dev');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain('HEALTHCHECK');
  });

  it('declares the volume Kafka keeps its data in', () => {
    expect(Object.keys(compose.volumes)).toEqual(['kafka-data']);
  });
});
