import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { Kafka } from 'kafkajs';
import type { TopicNames } from '@kstream/contracts-core';
import { provisionTestTopics, readRecords, runTool, testKafka, waitFor } from '@kstream/kafka/testing';
import { recordAt } from '../testing/ingest-test-app';

const ROOT = path.resolve(__dirname, '../../../..');

/** Runs `npm run ingest -- ...` the way a user does (through tools/run.cjs and tsx). */
const ingestCli = (args: string[], input: string, env: NodeJS.ProcessEnv = {}) => runTool('tools/ingest/cli.ts', args, { env, stdin: input });

const REPORT = /^(\S+) \[(\d+)] @ (\d+)$/;

function reports(stdout: string): { topic: string; partition: number; offset: string }[] {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const match = REPORT.exec(line);
      if (!match) throw new Error(`not a delivery report: ${line}`);
      return { topic: match[1], partition: Number(match[2]), offset: match[3] };
    });
}

describe('npm run ingest (command line) on a real broker', () => {
  let kafka: Kafka;
  let topics: TopicNames;

  beforeAll(async () => {
    kafka = testKafka('ingest-cli-test');
    topics = await provisionTestTopics(kafka);
  });

  it('lines: one record per stdin line, a report each, in order, and a summary', async () => {
    const run = await ingestCli(['lines', '--topic', topics.textLines, '--key', 'user-42'], 'first line\nsecond line\nthird line\n');
    expect(run.code).toBe(0);
    const delivered = reports(run.stdout);
    // user-42 → partition 1 of 3, as the Java client puts it.
    expect(delivered).toEqual([0, 1, 2].map((i) => ({ topic: topics.textLines, partition: 1, offset: String(i) })));
    expect(run.stderr).toContain('delivered 3, failed 0');

    const records = await readRecords(kafka, topics.textLines, 3);
    const second = recordAt(records, 1, '1');
    expect(JSON.parse(second?.value ?? '{}')).toMatchObject({ text: 'second line' });
    expect(second?.key).toBe('user-42');
    expect(second?.headers).toMatchObject({ 'content-type': 'application/json', id: expect.any(String), 'produced-at': expect.any(String) });
  });

  it('numbers: refuses lines that are not numbers, reports them and exits non-zero', async () => {
    const run = await ingestCli(['numbers', '--topic', topics.numbers, '--partition', '2'], '4\n 3.5\nabc\n-2e3\n');
    expect(run.code).toBe(1);
    expect(reports(run.stdout)).toEqual([0, 1, 2].map((i) => ({ topic: topics.numbers, partition: 2, offset: String(i) })));
    expect(run.stderr).toMatch(/refused line 3: .*abc/);
    expect(run.stderr).toContain('delivered 3, failed 1');
    const records = await readRecords(kafka, topics.numbers, 3);
    expect(records.map((r) => JSON.parse(r.value ?? '{}').value)).toEqual([4, 3.5, -2000]);
  });

  it('generate: amounts on numbers keyed by name, sentences on text-lines', async () => {
    const run = await ingestCli(['generate', '--count', '5', '--rate', '0', '--lines-topic', topics.wordCounts, '--numbers-topic', topics.rollingMeans], '');
    expect(run.code).toBe(0);
    expect(reports(run.stdout)).toHaveLength(10);
    const amounts = await readRecords(kafka, topics.rollingMeans, 5);
    for (const record of amounts) {
      const value = JSON.parse(record.value ?? '{}');
      expect(value.series).toBe(record.key);
      expect(Number.isFinite(value.value)).toBe(true);
    }
    const sentences = await readRecords(kafka, topics.wordCounts, 5);
    expect(sentences.every((r) => JSON.parse(r.value ?? '{}').text.split(' ').length >= 4)).toBe(true);
  });

  it('Ctrl-C with stdin still open: stops reading, flushes, prints the summary and exits 0', async () => {
    const child = spawn(process.execPath, ['tools/run.cjs', 'tools/ingest/cli.ts', 'lines', '--topic', topics.textLinesDlq], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      child.stdin.write('one\ntwo\n');
      await waitFor(() => stdout.trim().split('\n').length === 2 && stdout.includes(' @ '), { timeoutMs: 30_000, description: 'two delivery reports' });
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(stderr).toContain('delivered 2, failed 0');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses an invalid KAFKA_BROKERS before reading anything', async () => {
    const run = await ingestCli(['lines'], 'x\n', { KAFKA_BROKERS: 'not-a-broker' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('KAFKA_BROKERS');
  });
});
