/**
 * No Docker engine runs here, so docker-compose.yml is checked the way compose itself
 * would read it (YAML with merge keys, then `${VAR:-default}` interpolation and profiles),
 * in both of its shapes: the single-broker default and the `cluster` profile with the
 * variables of tools/compose/cluster.env. Its wiring is checked against the code: every
 * app reaches the brokers on the internal listener, waits for a healthy Kafka and for the
 * topics, publishes its documented port, sets every variable its env classes require and
 * passes the validation the app runs at start-up.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClassConstructor } from 'class-transformer';
import { parse } from 'yaml';
import { KafkaEnv, loadEnv, loadKafkaEnv } from '@kstream/kafka';
import { AdminEnv } from '../../apps/admin/src/app/admin.env';
import { IngestEnv } from '../../apps/ingest-producer/src/app/config/ingest.env';
import { RollingMeanEnv } from '../../apps/rolling-mean/src/app/rolling-mean.env';
import { WordCountEnv } from '../../apps/word-count/src/app/word-count.env';
import { pinnedKafkaVersion, repoRoot } from '../kafka/paths';
import { pinnedRegistryVersion } from '../registry/paths';
import { STACK_APPS } from '../stack/stack-apps';
import { interpolate, loopbackDefaults, parseEnvFile, requiredVariables } from './compose-model';

interface Dependency {
  condition: string;
  required?: boolean;
}

interface Service {
  image?: string;
  build?: unknown;
  hostname?: string;
  profiles?: string[];
  command?: string[];
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, Dependency>;
  healthcheck?: { test: string[] };
}

interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

/** The env classes each app validates at start-up, next to KafkaEnv. */
const APP_ENV_CLASSES: Record<string, ClassConstructor<object>> = {
  admin: AdminEnv,
  'ingest-producer': IngestEnv,
  'word-count': WordCountEnv,
  'rolling-mean': RollingMeanEnv,
};

const ADMIN_TOKEN = 'a-token-of-at-least-16-chars';
const raw = parse(fs.readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;
const clusterEnv = parseEnvFile(fs.readFileSync(path.join(repoRoot, 'tools/compose/cluster.env'), 'utf8'));
const dockerfile = fs.readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');

/** The project compose would run: interpolated, with only the services of the active profiles. */
function model(variables: Record<string, string>, profiles: string[]): Compose {
  const interpolated = interpolate(raw, variables) as Compose;
  const services = Object.fromEntries(
    Object.entries(interpolated.services).filter(([, s]) => !s.profiles || s.profiles.some((p) => profiles.includes(p))),
  );
  return { ...interpolated, services };
}

const MODES = [
  { mode: 'single broker (docker compose up)', compose: model({ ADMIN_TOKEN }, []), brokers: 1, replication: 1, minIsr: 1 },
  {
    mode: 'cluster profile (docker compose --env-file tools/compose/cluster.env --profile cluster up)',
    compose: model({ ...clusterEnv, ADMIN_TOKEN }, ['cluster', ...(clusterEnv['COMPOSE_PROFILES'] ?? '').split(',')]),
    brokers: 3,
    replication: 3,
    minIsr: 2,
  },
] as const;

const envOf = (service: Service): Record<string, string> =>
  Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));
const brokersOf = (compose: Compose) => Object.entries(compose.services).filter(([, s]) => s.image?.startsWith('apache/kafka:'));

describe.each(MODES)('docker-compose.yml, $mode', ({ compose, brokers, replication, minIsr }) => {
  const nodes = brokersOf(compose);

  it(`runs ${brokers} apache/kafka node(s) at the pinned version, in KRaft mode, in one quorum`, () => {
    expect(nodes).toHaveLength(brokers);
    const voters = nodes.map(([name, s]) => `${envOf(s)['KAFKA_NODE_ID']}@${name}:9093`);
    for (const [name, service] of nodes) {
      const env = envOf(service);
      expect(service.image).toBe(`apache/kafka:${pinnedKafkaVersion()}`);
      expect(service.hostname).toBe(name);
      expect(env['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
      expect(env['KAFKA_AUTO_CREATE_TOPICS_ENABLE']).toBe('false');
      expect(env['CLUSTER_ID']).toBe(envOf(nodes[0][1])['CLUSTER_ID']);
      expect(env['KAFKA_CONTROLLER_QUORUM_VOTERS'].split(',').sort()).toEqual([...voters].sort());
      expect(service.healthcheck?.test.join(' ')).toContain('kafka-broker-api-versions.sh');
    }
    expect(new Set(nodes.map(([, s]) => envOf(s)['KAFKA_NODE_ID'])).size).toBe(brokers);
  });

  it(`replicates ${replication}-fold with min.insync.replicas ${minIsr}, internal topics included`, () => {
    for (const [, service] of nodes) {
      const env = envOf(service);
      expect(env['KAFKA_DEFAULT_REPLICATION_FACTOR']).toBe(String(replication));
      expect(env['KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR']).toBe(String(replication));
      expect(env['KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR']).toBe(String(replication));
      expect(env['KAFKA_MIN_INSYNC_REPLICAS']).toBe(String(minIsr));
      expect(env['KAFKA_TRANSACTION_STATE_LOG_MIN_ISR']).toBe(String(minIsr));
    }
    // The apps create the topics: same replication, and writes survive one node down when there are three.
    for (const app of STACK_APPS) expect(loadKafkaEnv(envOf(compose.services[app.name])).KAFKA_REPLICATION_FACTOR).toBe(replication);
  });

  it('advertises an internal listener per node for the apps and a published external one for the host', () => {
    const internals = nodes.map(([name, service]) => {
      const advertised = envOf(service)['KAFKA_ADVERTISED_LISTENERS'];
      const internal = /INTERNAL:\/\/([^,]+)/.exec(advertised)?.[1];
      const externalPort = /EXTERNAL:\/\/localhost:(\d+)/.exec(advertised)?.[1];
      expect(internal).toBe(`${name}:19092`);
      expect(service.ports).toEqual([`${externalPort}:${externalPort}`]);
      expect(envOf(service)['KAFKA_LISTENERS']).toContain(`EXTERNAL://:${externalPort}`);
      return internal;
    });
    expect(nodes.find(([name]) => name === 'kafka')?.[1].ports).toEqual(['9092:9092']);
    for (const app of [...STACK_APPS.map((a) => a.name), 'kafka-init']) {
      expect(loadKafkaEnv(envOf(compose.services[app])).KAFKA_BROKERS).toEqual(internals);
    }
  });

  it('gives every node a volume of its own, declared at the top level', () => {
    const volumes = nodes.map(([, s]) => s.volumes?.[0]?.split(':')[0]);
    expect(new Set(volumes).size).toBe(brokers);
    for (const volume of volumes) expect(Object.keys(compose.volumes)).toContain(volume);
  });

  it('runs the schema registry npm start runs, and points both processors at its Confluent-compatible API', () => {
    const registry = compose.services['schema-registry'];
    expect(registry?.image).toBe(`apicurio/apicurio-registry:${pinnedRegistryVersion()}`);
    for (const app of ['word-count', 'rolling-mean', 'admin']) expect(envOf(compose.services[app])['SCHEMA_REGISTRY_URL']).toBe('http://schema-registry:8080/apis/ccompat/v7');
  });

  it('writes JSON outputs unless OUTPUT_FORMAT=avro is given, which the processors then accept', () => {
    const avro = model({ ADMIN_TOKEN, OUTPUT_FORMAT: 'avro' }, []);
    for (const app of STACK_APPS.filter((a) => a.name === 'word-count' || a.name === 'rolling-mean')) {
      expect(envOf(compose.services[app.name])['OUTPUT_FORMAT']).toBe('json');
      const env = envOf(avro.services[app.name]);
      expect(loadEnv(APP_ENV_CLASSES[app.name], env)).toMatchObject({ OUTPUT_FORMAT: 'avro' });
    }
  });

  it('only depends on services that exist, or marks the dependency optional', () => {
    const all = interpolate(raw, { ADMIN_TOKEN }) as Compose;
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [target, dependency] of Object.entries(service.depends_on ?? {})) {
        expect(all.services[target]).toBeDefined();
        if (!compose.services[target]) expect({ name, target, required: dependency.required }).toEqual({ name, target, required: false });
      }
    }
  });

  it('provisions the topics once, after every node is healthy, with a script the image contains', () => {
    const init = compose.services['kafka-init'];
    for (const [name] of nodes) expect(init.depends_on?.[name]?.condition).toBe('service_healthy');
    expect(init.command).toEqual(['node', 'dist/tools/provision.js']);
    expect(() => loadKafkaEnv(envOf(init))).not.toThrow();
  });

  it.each(STACK_APPS.map((app) => [app.name, app] as const))('wires %s: command, port, start order, required and valid env', (name, app) => {
    const service = compose.services[name];
    expect(service).toBeDefined();
    expect(service.build).toBe('.');
    expect(service.command).toEqual(['node', `dist/apps/${name}/main.js`]);
    expect(service.ports).toEqual([`${app.defaultPort}:${app.defaultPort}`]);
    const env = envOf(service);
    expect(env['PORT']).toBe(String(app.defaultPort));
    expect(service.depends_on).toEqual({
      kafka: { condition: 'service_healthy' },
      'kafka-init': { condition: 'service_completed_successfully' },
    });

    const classes = [KafkaEnv, APP_ENV_CLASSES[name]];
    // Required: validated, not optional, no default. Loopback defaults are wrong inside a container.
    const mustSet = classes.flatMap((cls) => [...requiredVariables(cls), ...loopbackDefaults(cls)]);
    expect(mustSet.filter((variable) => env[variable] === undefined)).toEqual([]);
    // The same validation the app runs at start-up.
    expect(() => loadKafkaEnv(env)).not.toThrow();
    expect(() => loadEnv(APP_ENV_CLASSES[name], env)).not.toThrow();
  });
});

describe('docker-compose.yml, either shape', () => {
  it('refuses to start without ADMIN_TOKEN, since admin would otherwise bind loopback only', () => {
    expect(() => model({}, [])).toThrow(/ADMIN_TOKEN/);
    // The admin env class itself demands a token long enough to be worth having.
    expect(() => loadEnv(AdminEnv, { ADMIN_TOKEN: 'short' })).toThrow(/ADMIN_TOKEN/);
  });

  it('does not take the host shell\'s KAFKA_BROKERS (meant for npm start) into the containers', () => {
    const compose = model({ ADMIN_TOKEN, KAFKA_BROKERS: '127.0.0.1:9092' }, []);
    expect(envOf(compose.services['word-count'])['KAFKA_BROKERS']).toBe('kafka:19092');
  });

  it('keeps the cluster nodes out of the default stack', () => {
    expect(brokersOf(model({ ADMIN_TOKEN }, [])).map(([name]) => name)).toEqual(['kafka']);
    for (const name of ['kafka-2', 'kafka-3']) expect(raw.services[name].profiles).toEqual(['cluster']);
  });

  it('builds one multi-stage image on a supported Node LTS that runs as a non-root user with a health check', () => {
    // Node 20 reached end of life in April 2026; both stages run the same LTS line (24, supported to April 2028).
    expect(dockerfile).toMatch(/FROM node:24-[^\n]* AS build/);
    expect(dockerfile).toMatch(/FROM node:24-[^\n]* AS runtime/);
    expect(dockerfile).toContain('npm install --omit=dev');
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain('HEALTHCHECK');
    // Readiness, which compose's `service_healthy` waits on; liveness (/health/live) is for orchestrators that restart.
    expect(dockerfile).toMatch(/HEALTHCHECK[^\n]*\\\n[^\n]*\/health\/ready/);
    expect(dockerfile).toContain('npm run build:provision');
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['build:provision']).toContain('--outfile=dist/tools/provision.js');
  });

  it('patches kafkajs in the runtime stage as postinstall does (it installs with --ignore-scripts), with every patch', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['postinstall']).toBe('node tools/patches/apply.cjs');
    const runtime = dockerfile.slice(dockerfile.search(/FROM node:\d+[^\n]* AS runtime/));
    expect(runtime).toMatch(/npm install --omit=dev --ignore-scripts[^\n]*&& node tools\/patches\/apply\.cjs/);
    const apply = fs.readFileSync(path.join(repoRoot, 'tools/patches/apply.cjs'), 'utf8');
    const patches = fs.readdirSync(path.join(repoRoot, 'tools/patches')).filter((f) => /^kafkajs-[\w-]+\.cjs$/.test(f) && f !== 'kafkajs-patch.cjs');
    expect(patches.length).toBeGreaterThanOrEqual(5);
    for (const patch of patches) expect(apply).toContain(`'${patch.replace(/\.cjs$/, '')}'`);
  });
});

describe('requiredVariables', () => {
  it('finds validated properties that are neither optional nor defaulted', () => {
    // Nothing in KafkaEnv is required outright (SASL credentials only when a mechanism is set).
    expect(requiredVariables(KafkaEnv)).toEqual([]);
    class Probe {
      NEEDED!: string;
      OPTIONAL?: string;
      DEFAULTED = 'x';
    }
    // Decorate by hand so the probe needs no decorator syntax.
    const { IsString, IsOptional } = jest.requireActual<typeof import('class-validator')>('class-validator');
    IsString()(Probe.prototype, 'NEEDED');
    IsString()(Probe.prototype, 'OPTIONAL');
    IsOptional()(Probe.prototype, 'OPTIONAL');
    IsString()(Probe.prototype, 'DEFAULTED');
    expect(requiredVariables(Probe)).toEqual(['NEEDED']);
  });

  it('flags defaults that point at loopback', () => {
    expect(loopbackDefaults(KafkaEnv)).toEqual(['KAFKA_BROKERS']);
    expect(loopbackDefaults(AdminEnv)).toEqual(['INGEST_URL', 'WORD_COUNT_URL', 'ROLLING_MEAN_URL']);
  });
});

describe('interpolate', () => {
  it('follows compose: defaults, required values, escapes', () => {
    expect(interpolate({ a: '${X:-d}', b: '${Y-d}', c: '$${Z}', d: '${X}' }, { Y: '' })).toEqual({ a: 'd', b: '', c: '${Z}', d: '' });
    expect(() => interpolate('${Q:?give Q}', {})).toThrow('give Q');
  });
});
