import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BenchResults } from './lib/report';

/**
 * Keeps `npm run bench` from rotting: runs its --quick mode end to end (own broker, built apps,
 * Java tools) and checks the result is well formed. No timing assertions: the machine is shared.
 * Runs under jest.integration.config.cts (the bench starts its own broker).
 */
const ROOT = path.resolve(__dirname, '..', '..');
describe('npm run bench -- --quick', () => {
  let out: string;
  let results: BenchResults;
  let stderr = '';

  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'bench-quick-'));
    const child = spawn(process.execPath, ['tools/run.cjs', 'tools/bench/run.ts', '--quick', '--out', out], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`bench --quick exited with ${code}:\n${stderr}`);
    results = JSON.parse(readFileSync(path.join(out, 'benchmarks.json'), 'utf8')) as BenchResults;
  }, 280_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('prints a progress line while it runs', () => {
    expect(stderr).toMatch(/\[bench +\d+s load [\d.]+\] round 1\/1 consume 14\/14/);
  });

  it('measures every scenario with positive rates, CPU and RSS', () => {
    const ids = results.scenarios.map((s) => `${s.group}/${s.id}`).sort();
    expect(ids).toEqual(
      [
        'produce/java-producer-perf', 'produce/kafkajs-sendbatch', 'produce/kafkajs-stock-sendbatch', 'produce/ingest-in-process', 'produce/ingest-http-batch', 'produce/ingest-http-single',
        ...['word-count', 'rolling-mean'].flatMap((w) => ['java-consumer-perf', 'kafkajs-noop', 'kafkajs-task', 'kafkajs-eos-copy', 'nest-event-pattern', 'service-eos', 'service-eos-avro'].map((c) => `${w}/${c}`)),
      ].sort(),
    );
    for (const s of results.scenarios) {
      expect({ scenario: `${s.group}/${s.id}`, runs: s.runs.length }).toEqual({ scenario: `${s.group}/${s.id}`, runs: results.roundsDone });
      expect(s.recordsPerSec.median).toBeGreaterThan(0);
      expect(s.clientCpuSec.median).toBeGreaterThan(0);
      expect(s.peakRssMb.max).toBeGreaterThan(10);
    }
    expect(results.errors).toEqual([]);
  });

  it('finds exactly the records it wrote in every produce topic and exactly M results on the services output topics', () => {
    const failed = results.checks.filter((c) => !c.ok);
    expect(failed).toEqual([]);
    const outputs = results.checks.filter((c) => /\/service-eos(-avro)?$/.test(c.scenario));
    expect(outputs.map((c) => c.scenario).sort()).toEqual(['rolling-mean/service-eos', 'rolling-mean/service-eos-avro', 'word-count/service-eos', 'word-count/service-eos-avro']);
    for (const c of outputs) expect(c.actual).toBe(results.config['consumeRecords']);
  });

  it('measures ingest → rolling-means latency at 1,000/s and the Java floor', () => {
    const ids = results.latency.map((l) => l.id).sort();
    expect(ids).toEqual(['ingest-rolling-mean-1000', 'java-end-to-end-latency']);
    for (const l of results.latency) {
      expect(l.records).toBeGreaterThan(0);
      expect(l.p50).toBeGreaterThanOrEqual(0);
      expect(l.p99).toBeGreaterThanOrEqual(l.p50);
    }
  });

  it('writes the markdown table and the chart', () => {
    expect(readFileSync(path.join(out, 'benchmarks.md'), 'utf8')).toContain('### Targets');
    expect(readFileSync(path.join(out, 'benchmarks.svg'), 'utf8')).toMatch(/^<svg /);
  });
});
