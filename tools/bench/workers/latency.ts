/**
 * End-to-end latency ingest → rolling-mean → `rolling-means`: posts NDJSON batches to
 * POST /numbers/batch every `tickMs` at `rate` records/s for `durationMs`, and reads the result
 * topic (read_committed, as a downstream user would). Each result names its source record
 * (partition, offset), which ingest's answer also gives: latency = arrival of the result minus
 * the moment the request carrying its input was sent. Percentiles over every record.
 */
import * as http from 'node:http';
import { quantile } from '../lib/stats';
import { benchKafka, cpuSince, fail, job, report } from './kit';

interface Job {
  base: string;
  brokers: string;
  topic: string;
  groupId: string;
  rate: number;
  durationMs: number;
  tickMs: number;
  series: string;
}

function post(agent: http.Agent, url: URL, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/x-ndjson', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  const { base, brokers, topic, groupId, rate, durationMs, tickMs, series } = job<Job>();
  const arrived = new Map<string, number>();
  const sent = new Map<string, number>();
  // Wall-clock stamps for the breakdown: the output record's own timestamp is set by the
  // rolling-mean producer with Date.now(), so these compare on one clock.
  const sentWall = new Map<string, number>();
  const answeredWall = new Map<string, number>();
  const outputWall = new Map<string, number>();
  const arrivedWall = new Map<string, number>();
  const consumer = benchKafka(brokers, 'bench-latency').consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const now = performance.now();
      const wall = Date.now();
      for (const m of batch.messages) {
        const v = JSON.parse(m.value?.toString() ?? '{}') as { series?: string; source?: { partition: number; offset: string } };
        if (!v.source || !v.series?.startsWith(series)) continue;
        const k = `${v.source.partition}:${v.source.offset}`;
        arrived.set(k, now);
        arrivedWall.set(k, wall);
        outputWall.set(k, Number(m.timestamp));
      }
    },
  });
  await joined;
  // Let the fresh group's first fetch start from the end before anything is sent.
  await new Promise((r) => setTimeout(r, 1000));

  // Idle sockets are dropped after 2 s, before the server's 5 s keep-alive timeout: on a loaded
  // machine a socket the server has just closed could otherwise be reused ("socket hang up").
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 2000 });
  const url = new URL('/numbers/batch', base);
  const cpu = process.cpuUsage();
  const started = performance.now();
  let count = 0;
  let failed = 0;
  const inflight: Promise<void>[] = [];
  while (performance.now() - started < durationMs) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    const n = due - count;
    if (n > 0) {
      const body = Array.from({ length: n }, (_, k) => JSON.stringify({ value: (count + k) % 100, series: `${series}-${(count + k) % 10}` })).join('\n');
      count += n;
      const at = performance.now();
      const atWall = Date.now();
      inflight.push(
        post(agent, url, body).then((res) => {
          if (res.status !== 201) return void (failed += n);
          const answered = Date.now();
          for (const r of (JSON.parse(res.text) as { results: { partition: number; offset: string }[] }).results) {
            const k = `${r.partition}:${r.offset}`;
            sent.set(k, at);
            sentWall.set(k, atWall);
            answeredWall.set(k, answered);
          }
        }),
      );
    }
    await new Promise((r) => setTimeout(r, tickMs));
  }
  await Promise.all(inflight);
  const sendMs = performance.now() - started;
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline && [...sent.keys()].some((k) => !arrived.has(k))) await new Promise((r) => setTimeout(r, 50));
  const cpuSec = cpuSince(cpu);
  await consumer.disconnect();
  agent.destroy();
  const latencies = [...sent].flatMap(([k, at]) => (arrived.has(k) ? [(arrived.get(k) as number) - at] : [])).sort((a, b) => a - b);
  // Where the time goes, per record: request → ingest's answer (the broker's ack), request →
  // the output record's timestamp (rolling-mean fetched and processed it and is sending the
  // result), output timestamp → arrival at the read_committed reader (produce, offsets, commit,
  // markers, the reader's fetch).
  const stage = (from: Map<string, number>, to: Map<string, number>) =>
    quantile([...sent.keys()].flatMap((k) => (from.has(k) && to.has(k) ? [(to.get(k) as number) - (from.get(k) as number)] : [])).sort((a, b) => a - b), 0.5);
  report({
    records: latencies.length,
    ms: sendMs,
    cpuSec,
    sent: count,
    failed,
    missing: sent.size - latencies.length,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    p999: quantile(latencies, 0.999),
    max: latencies[latencies.length - 1] ?? NaN,
    ackP50: stage(sentWall, answeredWall),
    toOutputP50: stage(sentWall, outputWall),
    visibleP50: stage(outputWall, arrivedWall),
  });
}

main().catch(fail);
