import { Kafka, logLevel, type Admin } from 'kafkajs';
import { NUMBER_AVRO_SCHEMA } from '@kstream/contract-numbers';
import { TEXT_LINE_AVRO_SCHEMA } from '@kstream/contract-text-lines';
import { suffixedTopicNames, type TopicNames } from '@kstream/contracts-core';
import { AvroValueWriter, SchemaRegistryClient } from '@kstream/data-access-registry';
import { provisionTopics } from '@kstream/kafka';
import { javaArgs, runTimed, runWorker, sampleProc, type WorkerResult } from './proc';
import { ServiceProcess } from './services';

/** One measured run of one scenario. */
export interface Run {
  readonly records: number;
  readonly ms: number;
  /** CPU seconds of the client process(es) in the measured window: the worker, plus the app for app scenarios. */
  readonly clientCpuSec: number;
  /** CPU seconds of the app alone (ingest, word-count, rolling-mean), when there is one. */
  readonly appCpuSec?: number;
  readonly peakRssMb: number;
  readonly brokerCpuSec: number;
  readonly note?: string;
  /** A two-stage service: records in its input, on its internal topic (and their key + value bytes per input record), in its output. */
  readonly stages?: { readonly input: number; readonly internal: number; readonly output: number; readonly internalBytesPerInput: number };
}

export interface Env {
  readonly bootstrap: string;
  readonly brokerPid: number;
  readonly admin: Admin;
  readonly kafka: Kafka;
  readonly timeoutMs: number;
  /** The stock kafkajs copy (stock-kafkajs.ts), installed and checked once per bench run. */
  readonly stockKafkajsDir?: string;
}

export function makeKafka(bootstrap: string): Kafka {
  return new Kafka({ clientId: 'bench-harness', brokers: [bootstrap], logLevel: logLevel.NOTHING });
}

export async function createTopic(admin: Admin, topic: string, partitions = 3): Promise<void> {
  // A topic just deleted can still be "marked for deletion" for a moment: retry the create.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });
      return;
    } catch (error) {
      if (attempt >= 40) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export async function recordsIn(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}

function brokerCpu(env: Env): number {
  return sampleProc(env.brokerPid)?.cpuSec ?? NaN;
}

async function withBroker<T extends Omit<Run, 'brokerCpuSec'>>(env: Env, body: () => Promise<T>): Promise<Run> {
  const before = brokerCpu(env);
  const run = await body();
  return { ...run, brokerCpuSec: brokerCpu(env) - before };
}

function fromWorker(r: WorkerResult): Omit<Run, 'brokerCpuSec'> {
  return { records: r.records, ms: r.ms, clientCpuSec: r.cpuSec, peakRssMb: r.peakRssMb };
}

// ---------------------------------------------------------------- produce

export interface ProduceSizes {
  readonly records: number;
  readonly singleRecords: number;
  readonly warmup: number;
}

export interface Check {
  readonly scenario: string;
  readonly what: string;
  readonly expected: number;
  readonly actual: number;
  readonly ok: boolean;
}

export type ProduceId = 'java-producer-perf' | 'kafkajs-sendbatch' | 'kafkajs-stock-sendbatch' | 'ingest-in-process' | 'ingest-http-batch' | 'ingest-http-single';

export async function runProduce(env: Env, id: ProduceId, topicBase: string, sizes: ProduceSizes, checks: Check[]): Promise<Run> {
  const { admin, bootstrap } = env;
  const expectTopic = async (topic: string, expected: number) => {
    const actual = await recordsIn(admin, topic);
    checks.push({ scenario: id, what: `records in ${topic}`, expected, actual, ok: actual === expected });
  };
  if (id === 'ingest-http-batch' || id === 'ingest-http-single') return runIngestHttp(env, id, sizes, expectTopic);

  const topic = `${topicBase}-${id}`;
  await createTopic(admin, topic);
  const { records, warmup } = sizes;
  const run = await withBroker(env, async () => {
    switch (id) {
      case 'java-producer-perf': {
        const out = await runTimed(
          'java',
          javaArgs('org.apache.kafka.tools.ProducerPerformance', [
            '--topic', topic, '--num-records', String(records + warmup), '--warmup-records', String(warmup), '--record-size', '100', '--throughput', '-1',
            '--command-property', `bootstrap.servers=${bootstrap}`, 'acks=all',
          ]),
          env.timeoutMs,
        );
        // With --warmup-records the last summary line is the steady state, after the warm-up.
        const m = /(\d+) steady state records sent, ([\d.]+) records\/sec/.exec(out.stdout);
        if (!m) throw new Error(`ProducerPerformance printed no summary:\n${out.stdout.slice(-1500)}`);
        const sent = Number(m[1]);
        return { records: sent, ms: (sent / Number(m[2])) * 1000, clientCpuSec: out.cpuSec, peakRssMb: out.peakRssMb, note: 'CPU and RSS of the whole JVM run, start-up and warm-up included' };
      }
      case 'kafkajs-sendbatch':
        return fromWorker(await runWorker('produce-kafkajs', { brokers: bootstrap, topic, records, warmup, chunk: 500, inFlight: 4 }, env.timeoutMs));
      case 'kafkajs-stock-sendbatch':
        if (!env.stockKafkajsDir) throw new Error('stock kafkajs could not be installed (see the warnings)');
        return fromWorker(await runWorker('produce-kafkajs', { brokers: bootstrap, topic, records, warmup, chunk: 500, inFlight: 4, kafkajsDir: env.stockKafkajsDir }, env.timeoutMs));
      case 'ingest-in-process':
        return fromWorker(await runWorker('produce-ingest', { brokers: bootstrap, topic, records, warmup, window: 2000 }, env.timeoutMs));
    }
  });
  await expectTopic(topic, records + warmup);
  return run;
}

async function runIngestHttp(env: Env, id: 'ingest-http-batch' | 'ingest-http-single', sizes: ProduceSizes, expectTopic: (t: string, n: number) => Promise<void>): Promise<Run> {
  // The app writes to the stack's `text-lines` (it has no topic suffix): a fresh one per run.
  const topic = 'text-lines';
  if ((await env.admin.listTopics()).includes(topic)) await env.admin.deleteTopics({ topics: [topic], timeout: 30_000 });
  await createTopic(env.admin, topic);
  const app = new ServiceProcess('ingest-producer', { KAFKA_BROKERS: env.bootstrap });
  await app.start();
  try {
    await app.healthy(60_000);
    const single = id === 'ingest-http-single';
    const records = single ? sizes.singleRecords : sizes.records;
    const warmup = single ? Math.min(sizes.warmup, Math.ceil(records / 5)) : sizes.warmup;
    const run = await withBroker(env, async () => {
      const before = app.sample();
      const load = await runWorker('http-load', { base: app.base, mode: single ? 'single' : 'batch', records, warmup, concurrency: single ? 32 : 8, batchSize: 500 }, env.timeoutMs);
      const after = app.sample();
      // The app's CPU over the whole load (warm-up included), scaled to the timed share of the records.
      const appCpuSec = ((after.cpuSec - before.cpuSec) * records) / (records + warmup);
      if (Number(load['notStored']) > 0) throw new Error(`${load['notStored']} records were not stored (see ${app.logFile})`);
      return { records: load.records, ms: load.ms, clientCpuSec: appCpuSec + load.cpuSec, appCpuSec, peakRssMb: after.peakRssMb, note: `load generator ${load.cpuSec.toFixed(2)} CPU-s, peak RSS ${load.peakRssMb.toFixed(0)} MB` };
    });
    await expectTopic(topic, records + warmup);
    return run;
  } finally {
    await app.stop();
  }
}

// ---------------------------------------------------------------- consume

export type ConsumeId = 'java-consumer-perf' | 'kafkajs-noop' | 'kafkajs-task' | 'kafkajs-eos-copy' | 'nest-event-pattern' | 'service-eos' | 'service-eos-avro';
export type Workload = 'word-count' | 'rolling-mean';

export interface ConsumeRound {
  readonly names: TopicNames;
  readonly records: number;
  readonly skip: number;
  /** The same records as Confluent-framed Avro, on topics of their own, and the registry the service reads their schemas from. */
  readonly avro?: { readonly names: TopicNames; readonly registryUrl: string };
}

/**
 * The round's records again, each JSON envelope written with the contract's Avro form (registered
 * under `<topic>-value`) in the Confluent wire format, on topics suffixed `-avro`: the same work for
 * the service, with Avro input.
 */
export async function prepareAvroCopy(env: Env, round: ConsumeRound, registryUrl: string, build: { line(i: number): BuiltLike; number(i: number): BuiltLike }): Promise<ConsumeRound> {
  const suffix = `${round.names.textLines.slice('text-lines-'.length)}-avro`;
  const registry = new SchemaRegistryClient({ url: registryUrl });
  const names = suffixedTopicNames(suffix);
  const [lines, numbers] = await Promise.all([
    AvroValueWriter.register(registry, `${names.textLines}-value`, TEXT_LINE_AVRO_SCHEMA),
    AvroValueWriter.register(registry, `${names.numbers}-value`, NUMBER_AVRO_SCHEMA),
  ]);
  await preload(env, names, round.records, { line: (i) => lines.fromJson(build.line(i)), number: (i) => numbers.fromJson(build.number(i)) });
  return { ...round, avro: { names, registryUrl } };
}

/** Creates the stack's topics with a fresh suffix and preloads `records` into text-lines and numbers. */
export async function prepareConsumeRound(env: Env, suffix: string, records: number, build: { line(i: number): BuiltLike; number(i: number): BuiltLike }): Promise<ConsumeRound> {
  const names = suffixedTopicNames(suffix);
  await preload(env, names, records, build);
  return { names, records, skip: Math.floor(records / 10) };
}

async function preload(env: Env, names: TopicNames, records: number, build: { line(i: number): BuiltLike; number(i: number): BuiltLike }): Promise<void> {
  await provisionTopics(env.admin, { names });
  const producer = env.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (let i = 0; i < records; i += 500) {
      const n = Math.min(500, records - i);
      const lines = Array.from({ length: n }, (_, k) => build.line(i + k));
      const numbers = Array.from({ length: n }, (_, k) => build.number(i + k));
      await producer.sendBatch({
        acks: -1,
        topicMessages: [
          { topic: names.textLines, messages: lines.map((r, k) => ({ key: r.key, value: r.value, headers: r.headers, partition: (i + k) % 3 })) },
          { topic: names.numbers, messages: numbers.map((r) => ({ key: r.key, value: r.value, headers: r.headers })) },
        ],
      });
    }
  } finally {
    await producer.disconnect();
  }
}

export interface BuiltLike {
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
}

export async function runConsume(env: Env, id: ConsumeId, workload: Workload, round: ConsumeRound, group: string, checks: Check[]): Promise<Run> {
  const topic = workload === 'word-count' ? round.names.textLines : round.names.numbers;
  const { records, skip } = round;
  const job = { brokers: env.bootstrap, topic, groupId: group, records, skip, work: workload };
  switch (id) {
    case 'java-consumer-perf':
      return withBroker(env, async () => {
        const out = await runTimed(
          'java',
          javaArgs('org.apache.kafka.tools.ConsumerPerformance', ['--bootstrap-server', env.bootstrap, '--topic', topic, '--num-records', String(records), '--group', group, '--timeout', '60000']),
          env.timeoutMs,
        );
        // start.time, end.time, MB, MB.sec, nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
        const row = out.stdout.trim().split('\n').pop()?.split(',').map((s) => s.trim()) ?? [];
        const consumed = Number(row[4]);
        const fetchMs = Number(row[7]);
        if (!(consumed > 0 && fetchMs > 0)) throw new Error(`ConsumerPerformance printed no result:\n${out.stdout.slice(-1500)}`);
        return { records: consumed, ms: fetchMs, clientCpuSec: out.cpuSec, peakRssMb: out.peakRssMb, note: 'fetch time (group join excluded); CPU and RSS of the whole JVM run' };
      });
    case 'kafkajs-noop':
      return withBroker(env, async () => fromWorker(await runWorker('consume-kafkajs', { ...job, work: 'noop' }, env.timeoutMs)));
    case 'kafkajs-task':
      return withBroker(env, async () => fromWorker(await runWorker('consume-kafkajs', job, env.timeoutMs)));
    case 'kafkajs-eos-copy':
      return runTransactionalCopy(env, workload, round, group, checks);
    case 'nest-event-pattern':
      return withBroker(env, async () => fromWorker(await runWorker('consume-nest', job, env.timeoutMs)));
    case 'service-eos':
      return runService(env, workload, round, group, checks);
    case 'service-eos-avro':
      if (!round.avro) throw new Error('the Avro copy of the round was not prepared');
      return runService(env, workload, { ...round, names: round.avro.names }, group, checks, { SCHEMA_REGISTRY_URL: round.avro.registryUrl });
  }
}

/**
 * The bare transactional copy (workers/copy-transactional.ts) of the round's input to a fresh topic
 * of its own, then the same check as the services': exactly the input's records for a
 * read_committed reader. Chunks of 1,000 records per send, the engine's default sendChunkSize.
 */
async function runTransactionalCopy(env: Env, workload: Workload, round: ConsumeRound, group: string, checks: Check[]): Promise<Run> {
  const topic = workload === 'word-count' ? round.names.textLines : round.names.numbers;
  const output = `${group}-out`;
  await createTopic(env.admin, output);
  const job = { brokers: env.bootstrap, topic, output, groupId: group, transactionalId: group, records: round.records, skip: round.skip, chunk: 1000 };
  const run = await withBroker(env, async () => fromWorker(await runWorker('copy-transactional', job, env.timeoutMs)));
  const copied = await countCommitted(env.kafka, output, round.records);
  checks.push({ scenario: `${workload}/kafkajs-eos-copy`, what: `read_committed records in ${output}`, expected: round.records, actual: copied, ok: copied === round.records });
  return run;
}

async function committed(admin: Admin, group: string, topic: string): Promise<number> {
  const [c] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  return c.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

async function runService(env: Env, workload: Workload, round: ConsumeRound, group: string, checks: Check[], extraEnv: Record<string, string> = {}): Promise<Run> {
  const { names, records, skip } = round;
  const input = workload === 'word-count' ? names.textLines : names.numbers;
  const output = workload === 'word-count' ? names.wordCounts : names.rollingMeans;
  const internal = workload === 'word-count' ? names.wordCountRepartition : names.rollingMeanRepartition;
  const suffix = names.textLines.slice('text-lines-'.length);
  const groupVar = workload === 'word-count' ? 'WORD_COUNT_GROUP_ID' : 'ROLLING_MEAN_GROUP_ID';
  const app = new ServiceProcess(workload, { KAFKA_BROKERS: env.bootstrap, TOPIC_SUFFIX: suffix, [groupVar]: group, ...extraEnv });
  const brokerBefore = brokerCpu(env);
  await app.start();
  try {
    // The engine commits the consumed offsets in each batch's transaction: their sum is the progress.
    const deadline = Date.now() + env.timeoutMs;
    let start: { ms: number; done: number; cpu: number } | undefined;
    let done = 0;
    while (done < records) {
      if (Date.now() > deadline) throw new Error(`${workload} committed ${done} of ${records} in time; see ${app.logFile}:\n${app.tail()}`);
      // On a fresh broker the group coordinator may not be ready yet: a retriable error, poll again.
      done = await committed(env.admin, group, input).catch((error: { retriable?: boolean }) => {
        if (error.retriable) return done;
        throw error;
      });
      if (!start && done >= skip) start = { ms: performance.now(), done, cpu: app.sample().cpuSec };
      if (done < records) await new Promise((r) => setTimeout(r, 50));
    }
    // The input is consumed; the run ends when the second stage has consumed the internal topic too,
    // so the internal hop is counted in the rate and the CPU.
    await drainInternal(env.admin, group, internal, deadline, () => `${workload}'s second stage did not drain ${internal} in time; see ${app.logFile}:\n${app.tail()}`);
    const end = { ms: performance.now(), sample: app.sample() };
    if (!start) throw new Error('unreachable');
    const appCpuSec = end.sample.cpuSec - start.cpu;
    const outputs = await countCommitted(env.kafka, output, records);
    checks.push({ scenario: `${workload}/service-eos${extraEnv['SCHEMA_REGISTRY_URL'] ? '-avro' : ''}`, what: `read_committed records in ${output}`, expected: records, actual: outputs, ok: outputs === records });
    const hop = await topicSize(env.kafka, internal);
    return {
      records: records - start.done,
      ms: end.ms - start.ms,
      clientCpuSec: appCpuSec,
      appCpuSec,
      peakRssMb: end.sample.peakRssMb,
      brokerCpuSec: brokerCpu(env) - brokerBefore,
      note: 'rate from committed offsets polled every 50 ms, until the internal topic is drained too',
      stages: { input: records, internal: hop.records, output: outputs, internalBytesPerInput: hop.bytes / records },
    };
  } finally {
    await app.stop();
  }
}

/**
 * Waits until the group has consumed every partition of a topic written in transactions. Commit
 * markers take offsets and are never consumed: once the input is drained a partition ends with one
 * or more of them, and the engine commits past them within a second of going idle. One left over is
 * accepted (the last entry is then a marker, since every first-stage transaction has ended), so the
 * common case does not wait for that second.
 */
async function drainInternal(admin: Admin, group: string, topic: string, deadline: number, failure: () => string): Promise<void> {
  for (;;) {
    const ends = await admin.fetchTopicOffsets(topic);
    const [c] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    const done = ends.every((e) => e.high === e.low || BigInt(c.partitions.find((p) => p.partition === e.partition)?.offset ?? '-1') >= BigInt(e.high) - 1n);
    if (done) return;
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Records of a topic a read_committed reader sees, and their key and value bytes: what an internal hop costs. */
async function topicSize(kafka: Kafka, topic: string): Promise<{ records: number; bytes: number }> {
  const consumer = kafka.consumer({ groupId: `bench-size-${topic}-${Date.now()}`, readUncommitted: false, maxWaitTimeInMs: 100 });
  let records = 0;
  let bytes = 0;
  let last = Date.now();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          records += 1;
          bytes += (m.key?.length ?? 0) + (m.value?.length ?? 0);
        }
        last = Date.now();
      },
    });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && Date.now() - last < 2000) await new Promise((r) => setTimeout(r, 100));
    return { records, bytes };
  } finally {
    await consumer.disconnect();
  }
}

/**
 * Counts the records of a topic a read_committed consumer sees, distinct by (partition, offset):
 * reads until `expected` arrived, then 1.5 s more so that extra (duplicate) records would show.
 */
export async function countCommitted(kafka: Kafka, topic: string, expected: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: `bench-check-${topic}-${Date.now()}`, readUncommitted: false, maxWaitTimeInMs: 100 });
  const seen = new Set<string>();
  let reached = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) seen.add(`${batch.partition}:${m.offset}`);
        if (seen.size >= expected && reached === 0) reached = Date.now();
      },
    });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (reached === 0 || Date.now() - reached < 1500)) await new Promise((r) => setTimeout(r, 100));
    return seen.size;
  } finally {
    await consumer.disconnect();
  }
}

// ---------------------------------------------------------------- latency

export interface LatencyRun {
  readonly id: string;
  /** Offered rate, records/s; 0 for the Java tool (one record at a time). */
  readonly rate: number;
  readonly label: string;
  readonly records: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max?: number;
  readonly missing?: number;
  readonly ingestCpuSec?: number;
  readonly rollingMeanCpuSec?: number;
  /** Medians of the stages (ms): request → ingest's answer; request → the result's record timestamp; that timestamp → arrival at the reader. */
  readonly stages?: { readonly ack: number; readonly toOutput: number; readonly visible: number };
}

/**
 * ingest-producer and rolling-mean on the stack's own topic names (ingest has no suffix), each
 * offered rate for `durationMs`; then Kafka's EndToEndLatency (produce one record, consume it,
 * repeat; acks=all) as the floor of this broker.
 */
export async function runLatency(env: Env, levels: { rate: number; label: string }[], durationMs: number, warmupMs: number, e2eRecords: number): Promise<{ runs: LatencyRun[]; peakRssMb: Record<string, number> }> {
  await provisionTopics(env.admin);
  const rm = new ServiceProcess('rolling-mean', { KAFKA_BROKERS: env.bootstrap, ROLLING_MEAN_GROUP_ID: `bench-latency-${Date.now()}` });
  const ingest = new ServiceProcess('ingest-producer', { KAFKA_BROKERS: env.bootstrap });
  const runs: LatencyRun[] = [];
  try {
    await Promise.all([rm.start(), ingest.start()]);
    await Promise.all([rm.healthy(60_000), ingest.healthy(60_000)]);
    // Warm-up, discarded. The engine fences, restores and opens a transactional producer per
    // partition on its first batch, and the broker's JVM compiles its transaction paths as they
    // run: on a fresh broker, successive 10 s runs at 1,000/s went from p50 225 ms to 54, 40, 38,
    // 27, 24 and 21 ms, flat from about the 60th second on (the old 3 s at 200/s left 62–190 ms).
    await runWorker('latency', { base: ingest.base, brokers: env.bootstrap, topic: 'rolling-means', groupId: `bench-latency-warmup-${Date.now()}`, rate: 1000, durationMs: warmupMs, tickMs: 10, series: 'warmup' }, warmupMs + 120_000);
    for (const [i, level] of levels.entries()) {
      const before = { ingest: ingest.sample().cpuSec, rm: rm.sample().cpuSec };
      const r = await runWorker(
        'latency',
        { base: ingest.base, brokers: env.bootstrap, topic: 'rolling-means', groupId: `bench-latency-reader-${i}-${Date.now()}`, rate: level.rate, durationMs, tickMs: 10, series: `lat${i}` },
        durationMs + 90_000,
      );
      if (Number(r['failed']) > 0) throw new Error(`${r['failed']} records were refused at ${level.rate}/s`);
      runs.push({
        id: `ingest-rolling-mean-${level.rate}`,
        rate: level.rate,
        label: level.label,
        records: r.records,
        p50: Number(r['p50']),
        p99: Number(r['p99']),
        p999: Number(r['p999']),
        max: Number(r['max']),
        missing: Number(r['missing']),
        ingestCpuSec: ingest.sample().cpuSec - before.ingest,
        rollingMeanCpuSec: rm.sample().cpuSec - before.rm,
        stages: { ack: Number(r['ackP50']), toOutput: Number(r['toOutputP50']), visible: Number(r['visibleP50']) },
      });
    }
    const peakRssMb = { 'ingest-producer': ingest.sample().peakRssMb, 'rolling-mean': rm.sample().peakRssMb };
    await Promise.all([ingest.stop(), rm.stop()]);
    const topic = `bench-e2e-${Date.now()}`;
    await createTopic(env.admin, topic, 1);
    const out = await runTimed('java', javaArgs('org.apache.kafka.tools.EndToEndLatency', [env.bootstrap, topic, String(e2eRecords), 'all', '100']), env.timeoutMs);
    const p = /50th = (\d+), 99th = (\d+), 99.9th = (\d+)/.exec(out.stdout);
    if (!p) throw new Error(`EndToEndLatency printed no percentiles:\n${out.stdout.slice(-1000)}`);
    runs.push({ id: 'java-end-to-end-latency', rate: 0, label: 'Kafka EndToEndLatency (Java), one record at a time, acks=all', records: e2eRecords, p50: Number(p[1]), p99: Number(p[2]), p999: Number(p[3]) });
    return { runs, peakRssMb };
  } finally {
    await Promise.all([ingest.stop(), rm.stop()]);
  }
}
