/**
 * The kafkajs patches that only make it faster (kafkajs-encoder.cjs, kafkajs-group-messages.cjs,
 * kafkajs-record-encoding.cjs) must not change what kafkajs does. Each test rebuilds the pristine
 * 2.2.4 module from the installed, patched file (undoing the patch's own edits) and compares both
 * on the same inputs.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';

interface Fix {
  readonly file: string;
  readonly edits: readonly { readonly original: string; readonly fixed: string }[];
}
const fixesOf = (script: string) => (require(script) as { FIXES: Fix[] }).FIXES;
const fixOf = (script: string, file: string): Fix => {
  const fix = fixesOf(script).find((f) => f.file === file);
  if (!fix) throw new Error(`${script} does not patch ${file}`);
  return fix;
};

const kafkajsRoot = path.dirname(require.resolve('kafkajs/package.json'));

/**
 * The installed module and the same module with the patch's edits undone, both compiled by Node's
 * own loader (outside Jest's sandbox), so that both run against the same globals and dependencies.
 */
function bothVersions<T>(fix: Fix): { patched: T; pristine: T } {
  const file = path.join(kafkajsRoot, fix.file);
  const source = fs.readFileSync(file, 'utf8');
  for (const { fixed } of fix.edits) expect(source.split(fixed)).toHaveLength(2);
  const original = fix.edits.reduce((text, { original, fixed }) => text.replace(fixed, () => original), source);
  return { patched: compile<T>(file, source), pristine: compile<T>(file, original) };
}

function compile<T>(file: string, code: string): T {
  const module = new Module(file) as Module & { _compile(code: string, filename: string): void; paths: string[] };
  module.filename = file;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  module._compile(code, file);
  return module.exports as T;
}

interface EncoderInstance {
  writeVarInt(v: unknown): EncoderInstance;
  writeUVarInt(v: unknown): EncoderInstance;
  writeVarLong(v: unknown): EncoderInstance;
  writeVarIntBytes(v: unknown): EncoderInstance;
  writeVarIntString(v: unknown): EncoderInstance;
  writeInt32(v: number): EncoderInstance;
  writeBuffer(v: Buffer): EncoderInstance;
  readonly buffer: Buffer;
}
interface EncoderClass {
  new (initialSize?: number): EncoderInstance;
  sizeOfVarLong(v: unknown): number;
  sizeOfVarInt(v: number): number;
}

/** What a call gave: its value, or the kind of error it threw. */
function outcome(run: () => unknown): { value: unknown } | { thrown: string } {
  try {
    return { value: run() };
  } catch (error) {
    return { thrown: (error as Error).name };
  }
}

describe('kafkajs encoder patch', () => {
  const { patched, pristine } = bothVersions<EncoderClass>(fixOf('./kafkajs-encoder.cjs', 'src/protocol/encoder.js'));
  const Long = require('kafkajs/src/utils/long') as { fromValue(v: unknown): unknown; fromString(s: string): unknown };

  // Every byte-length boundary of a varint and a varlong, both signs, the fast path's edges, and values only the Long path takes.
  const integers: number[] = [0, 1, -1, 2, -2, 0x3fffffff, -0x3fffffff, 0x40000000, -0x40000000, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 32, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
  for (let bits = 1; bits <= 52; bits += 1) for (const d of [-1, 0, 1]) integers.push(2 ** bits + d, -(2 ** bits) + d);
  const longValues: unknown[] = [...integers, 1.5, -2.5, 1e-3, '12345', '-9223372036854775808', '9223372036854775807', Long.fromString('-42'), Long.fromValue(2 ** 40)];

  it('writes the same bytes for every varint, uvarint and varlong', () => {
    for (const value of integers) {
      if (Math.abs(value) < 2 ** 31) expect(new patched().writeVarInt(value).buffer).toEqual(new pristine().writeVarInt(value).buffer);
      if (value >= 0 && value < 2 ** 32) expect(new patched().writeUVarInt(value).buffer).toEqual(new pristine().writeUVarInt(value).buffer);
    }
    for (const value of longValues) {
      // A fraction makes kafkajs's Long throw (BigInt(1.5)); the patched code must throw the same way.
      expect(outcome(() => new patched().writeVarLong(value).buffer)).toEqual(outcome(() => new pristine().writeVarLong(value).buffer));
      expect(outcome(() => patched.sizeOfVarLong(value))).toEqual(outcome(() => pristine.sizeOfVarLong(value)));
    }
    for (const value of integers) expect(new patched().writeVarLong(value).buffer.length).toBe(patched.sizeOfVarLong(value));
  });

  it('writes the same bytes for a long mixed sequence that grows the buffer several times', () => {
    const write = (encoder: EncoderInstance) => {
      for (let i = 0; i < 1000; i += 1) {
        encoder.writeVarInt(i * 37 - 5000).writeVarLong(i * 1_000_003).writeVarIntBytes(i % 7 === 0 ? null : Buffer.alloc(i % 300, i & 0xff));
        encoder.writeVarIntString(i % 5 === 0 ? null : `key-${i}`).writeInt32(i).writeBuffer(Buffer.from([i & 0xff]));
      }
      return encoder.buffer;
    };
    for (const initial of [0, 1, 511, 64 * 1024]) expect(write(new patched(initial))).toEqual(write(new pristine(initial)));
  });

  it('hands out only the bytes it wrote, whatever the pooled memory held', () => {
    // Fill Node's buffer pool with garbage first: an unset byte read by mistake would show.
    for (let i = 0; i < 64; i += 1) Buffer.allocUnsafe(512).fill(0xab);
    const encoder = new patched(511).writeVarInt(3).writeVarLong(-1);
    expect([...encoder.buffer]).toEqual([6, 1]);
  });
});

describe('kafkajs grouping patch', () => {
  type Group = (args: { topic: string; partitionMetadata: unknown[]; messages: unknown[]; partitioner: (a: { message: { key?: string; partition?: number } }) => number }) => Record<string, unknown[]>;
  const { patched, pristine } = bothVersions<Group>(fixOf('./kafkajs-group-messages.cjs', 'src/producer/groupMessagesPerPartition.js'));

  it('groups every message under its partition, in order, as before', () => {
    const partitionMetadata = [{ partitionId: 0 }, { partitionId: 1 }, { partitionId: 2 }];
    const partitioner = ({ message }: { message: { key?: string; partition?: number } }) => message.partition ?? (message.key ?? '').length % 3;
    for (const size of [0, 1, 2, 7, 500, 2001]) {
      const messages = Array.from({ length: size }, (_, i) => (i % 4 === 0 ? { key: `k${i * 13}`, value: String(i) } : { partition: (i * 7) % 3, value: String(i) }));
      const args = { topic: 't', partitionMetadata, messages, partitioner };
      expect(patched(args)).toEqual(pristine(args));
      expect(Object.keys(patched(args))).toEqual(Object.keys(pristine(args)));
    }
    expect(patched({ topic: 't', partitionMetadata: [], messages: [{ value: 'x' }], partitioner })).toEqual({});
  });
});

describe('kafkajs record encoding patch', () => {
  type RecordEncoder = (args: { offsetDelta?: number; timestampDelta?: number; key?: unknown; value?: unknown; headers?: unknown }) => { buffer: Buffer };
  type Request = (args: Record<string, unknown>) => { encode(): Promise<{ buffer: Buffer }> };
  const record = bothVersions<RecordEncoder>(fixOf('./kafkajs-record-encoding.cjs', 'src/protocol/recordBatch/record/v0/index.js'));
  const request = bothVersions<Request>(fixOf('./kafkajs-record-encoding.cjs', 'src/protocol/requests/produce/v3/request.js'));

  const headerSets: unknown[] = [
    undefined,
    {},
    { 'content-type': 'application/json', 'kstream-id': 'a1', 'produced-at': '2026-11-22T00:00:00.000Z' },
    { bytes: Buffer.from([0, 1, 255]), empty: '', many: ['x', Buffer.from('y'), 'zz'] },
    { ['ü'.repeat(40)]: 'é'.repeat(300) },
  ];
  const values: unknown[] = [null, undefined, '', 'text', Buffer.alloc(0), Buffer.alloc(700, 7), 'ß'.repeat(200)];

  it('encodes every record as before: keys, values, header shapes, sizes past the encoder\'s first buffer', () => {
    for (const headers of headerSets) {
      for (const value of values) {
        for (const key of [null, 'key', Buffer.from('k')]) {
          const args = { offsetDelta: 3, timestampDelta: -17, key, value, headers };
          expect(record.patched(args).buffer).toEqual(record.pristine(args).buffer);
        }
      }
    }
    expect(record.patched({ value: 'defaults' }).buffer).toEqual(record.pristine({ value: 'defaults' }).buffer);
    // kafkajs refuses a null header value while sizing the record; the patched code too.
    const nullHeader = { value: 'v', headers: { none: null } };
    expect(outcome(() => record.patched(nullHeader).buffer)).toEqual(outcome(() => record.pristine(nullHeader).buffer));
    expect(outcome(() => record.patched(nullHeader).buffer)).toEqual({ thrown: 'TypeError' });
  });

  it('encodes a whole produce request as before', async () => {
    const Long = require('kafkajs/src/utils/long') as { fromValue(v: unknown): unknown };
    // Every message has its time-stamp: a message without one gets the clock's, read separately by each version.
    const messages = Array.from({ length: 40 }, (_, i) => ({
      key: i % 3 === 0 ? null : `k${i}`,
      value: `value ${i}`,
      headers: headerSets[i % headerSets.length],
      partition: i % 2,
      timestamp: String(1_790_000_000_000 + ((i * 7) % 11)),
      extra: { ignored: i },
    }));
    const topicData = [{ topic: 't', partitions: [0, 1].map((partition) => ({ partition, firstSequence: 5, messages: messages.filter((m) => m.partition === partition) })) }];
    const args = { acks: -1, timeout: 30000, transactionalId: 'tx', producerId: Long.fromValue(7), producerEpoch: 2, topicData };
    const [patched, pristine] = await Promise.all([request.patched(args).encode(), request.pristine(args).encode()]);
    expect(patched.buffer.length).toBeGreaterThan(40 * 10);
    expect(patched.buffer).toEqual(pristine.buffer);
  });
});

describe('kafkajs-negative-timeout.cjs', () => {
  it('arms the request queue timer with no negative delay, which Node 22 and later warn about on stderr', () => {
    // A plain Node process (outside Jest) with setTimeout recording the delays it is asked for.
    const script = `
      const delays = [];
      global.setTimeout = (fn, ms) => { delays.push(ms); return { unref() {} }; };
      const RequestQueue = require(${JSON.stringify(path.join(kafkajsRoot, 'src/network/requestQueue/index.js'))});
      const queue = new RequestQueue({ maxInFlightRequests: 1, requestTimeout: 1000, enforceRequestTimeout: false, clientId: 'c', broker: 'b', logger: { debug() {}, info() {}, warn() {}, error() {} } });
      queue.scheduleCheckPendingRequests();
      process.stdout.write(JSON.stringify(delays));
    `;
    const delays = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as number[];
    expect(delays).toEqual([1]);
  });
});

describe('kafkajs-coordinator-cache.cjs', () => {
  type EosManager = {
    initProducerId(): Promise<void>;
    beginTransaction(): Promise<void>;
    addPartitionsToTransaction(topicData: unknown[]): Promise<void>;
    sendOffsets(args: unknown): Promise<void>;
    commit(): Promise<void>;
    abort(): Promise<void>;
  };
  const { patched, pristine } = bothVersions<(args: unknown) => EosManager>(fixOf('./kafkajs-coordinator-cache.cjs', 'src/producer/eosManager/index.js'));

  /** A cluster stand-in that records what the producer asks of it: the patch changes only how often it looks a coordinator up. */
  function recordingCluster(failAddPartitionsOnce = false) {
    const calls: string[] = [];
    let connected = true;
    let failNext = failAddPartitionsOnce;
    const broker = {
      isConnected: () => connected,
      initProducerId: async () => (calls.push('InitProducerId'), { producerId: 1, producerEpoch: 0 }),
      addPartitionsToTxn: async () => {
        calls.push('AddPartitionsToTxn');
        if (failNext) {
          failNext = false;
          throw Object.assign(new Error('not coordinator'), { type: 'NOT_COORDINATOR' });
        }
      },
      addOffsetsToTxn: async () => void calls.push('AddOffsetsToTxn'),
      txnOffsetCommit: async () => void calls.push('TxnOffsetCommit'),
      endTxn: async () => void calls.push('EndTxn'),
    };
    const cluster = {
      refreshMetadataIfNecessary: async () => undefined,
      findGroupCoordinator: async ({ coordinatorType }: { coordinatorType: number }) => (calls.push(`FindCoordinator(${coordinatorType})`), broker),
    };
    return { calls, cluster, disconnect: () => (connected = false) };
  }

  const logger = { debug() {}, info() {}, warn() {}, error() {} };
  async function transactions(create: (args: unknown) => EosManager, count: number, cluster: ReturnType<typeof recordingCluster>, between?: () => void) {
    const eos = create({ logger, cluster: cluster.cluster, transactionTimeout: 1000, transactional: true, transactionalId: 'tx' });
    await eos.initProducerId();
    for (let i = 0; i < count; i++) {
      await eos.beginTransaction();
      try {
        await eos.addPartitionsToTransaction([{ topic: 'out', partitions: [{ partition: 0 }] }]);
        await eos.sendOffsets({ consumerGroupId: 'group', topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '1' }] }] });
        await eos.commit();
      } catch {
        await eos.abort();
      }
      between?.();
    }
  }
  const work = (calls: string[]) => calls.filter((c) => !c.startsWith('FindCoordinator'));
  const finds = (calls: string[]) => calls.filter((c) => c.startsWith('FindCoordinator')).length;

  it('sends the same requests as kafkajs, with one lookup per coordinator instead of one per request', async () => {
    const [before, after] = [recordingCluster(), recordingCluster()];
    await transactions(pristine, 3, before);
    await transactions(patched, 3, after);
    expect(work(after.calls)).toEqual(work(before.calls));
    expect(finds(before.calls)).toBe(1 + 3 * 4);
    expect(finds(after.calls)).toBe(2); // the transaction coordinator and the group's
  });

  it('looks the coordinators up again after a request to them failed', async () => {
    const cluster = recordingCluster(true);
    await transactions(patched, 2, cluster);
    // The first AddPartitionsToTxn failed: the second transaction finds its coordinator again.
    expect(cluster.calls.slice(0, 4)).toEqual(['FindCoordinator(1)', 'InitProducerId', 'AddPartitionsToTxn', 'FindCoordinator(1)']);
    expect(finds(cluster.calls)).toBe(3);
  });

  it('looks a coordinator up again once its connection has dropped', async () => {
    const cluster = recordingCluster();
    let first = true;
    await transactions(patched, 2, cluster, () => (first ? (cluster.disconnect(), (first = false)) : undefined));
    expect(finds(cluster.calls)).toBeGreaterThan(2);
  });
});

describe('kafkajs-fetch-assignment.cjs', () => {
  type Group = { fetch(nodeId: number): Promise<unknown[]> } & Record<string, unknown>;
  const fix = fixOf(require.resolve('./kafkajs-fetch-assignment.cjs'), 'src/consumer/consumerGroup.js');
  const { patched, pristine } = bothVersions<new (...args: never[]) => Group>(fix);

  /**
   * A member that holds `topic-a` partition 1 when its fetch starts, and a rejoin that lands while the
   * fetch awaits `seekOffsets`: the new assignment has no `topic-a` (an empty one, as a consumer per stage
   * often gets), so the offset manager's committed offsets lose the topic.
   */
  function memberRejoinedMidFetch(ConsumerGroup: new (...args: never[]) => Group): Group {
    const committed: Record<string, Record<number, string>> = { 'topic-a': { 1: '5' } };
    let assignment = [{ topic: 'topic-a', partitions: [1] }];
    const group = Object.create(ConsumerGroup.prototype) as Group;
    Object.assign(group, {
      maxWaitTime: 0,
      cluster: { refreshMetadataIfNecessary: async () => undefined },
      checkForStaleAssignment: () => undefined,
      subscriptionState: { assigned: () => assignment, active: () => assignment },
      filterPartitionsByNode: (_node: number, topicPartitions: unknown) => topicPartitions,
      offsetManager: { committedOffsets: () => committed, nextOffset: () => '5' },
      seekOffsets: async () => {
        assignment = [];
        delete committed['topic-a'];
      },
      recoverFromFetch: async (error: unknown) => {
        throw error;
      },
    });
    return group;
  }

  it('skips a partition that a rejoin took away during the fetch, where kafkajs crashed its consumer on a TypeError', async () => {
    // The message of finding 11 (docs/reliability.md); the error comes from outside Jest's realm, so matched by text.
    await expect(memberRejoinedMidFetch(pristine).fetch(0)).rejects.toThrow("Cannot read properties of undefined (reading '1')");
    await expect(memberRejoinedMidFetch(patched).fetch(0)).resolves.toEqual([]);
  });
});
