/**
 * Load generator for ingest's HTTP endpoints: `concurrency` keep-alive connections, each
 * sending requests back to back until `records` lines went out, as NDJSON batches of
 * `batchSize` lines (POST /lines/batch) or one JSON line per request (POST /lines).
 */
import * as http from 'node:http';
import { LINE_100 } from '../lib/records';
import { cpuSince, fail, job, report } from './kit';

interface Job {
  base: string;
  mode: 'batch' | 'single';
  records: number;
  /** Sent first and not timed. */
  warmup: number;
  concurrency: number;
  batchSize: number;
}

function post(agent: http.Agent, url: URL, body: Buffer, contentType: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': contentType, 'content-length': body.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  const { base, mode, records, warmup, concurrency, batchSize } = job<Job>();
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const line = JSON.stringify({ text: LINE_100 });
  const single = Buffer.from(line);
  const url = new URL(mode === 'batch' ? '/lines/batch' : '/lines', base);
  const bodyOf = (n: number) => (mode === 'batch' ? Buffer.from(`${line}\n`.repeat(n)) : single);
  let stored = 0;
  let refusedOrFailed = 0;
  const pump = async (count: number) => {
    let next = 0;
    const lane = async () => {
      while (next < count) {
        const n = mode === 'batch' ? Math.min(batchSize, count - next) : 1;
        next += n;
        const res = await post(agent, url, bodyOf(n), mode === 'batch' ? 'application/x-ndjson' : 'application/json');
        if (res.status !== 201) {
          refusedOrFailed += n;
          if (refusedOrFailed <= n) process.stderr.write(`HTTP ${res.status}: ${res.text.slice(0, 300)}\n`);
        } else stored += n;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
  };
  await pump(warmup);
  stored = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await pump(records);
  const ms = performance.now() - started;
  const cpuSec = cpuSince(cpu);
  agent.destroy();
  report({ records: stored, ms, cpuSec, notStored: refusedOrFailed });
}

main().catch(fail);
