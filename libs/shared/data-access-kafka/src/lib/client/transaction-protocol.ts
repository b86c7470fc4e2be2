import { KstreamError } from '../errors';
/*
 * Wire format of DescribeTransactions v0 (API 65) and DescribeProducers v0 (API 61), both flexible
 * versions (KIP-482: compact strings and arrays, tagged fields). kafkajs 2.2.4 writes request header
 * v1 and reads response header v0; the flexible headers differ from those only by an empty
 * tagged-field section at their end, so the encoders below start the body with that byte and the
 * decoders skip it. Field lists: clients/src/main/resources/common/message/*.json of Apache Kafka.
 */

/** DescribeTransactions: the coordinator's view of one transactional id. */
export interface TransactionDescription {
  readonly transactionalId: string;
  /** Empty, Ongoing, PrepareCommit, PrepareAbort, CompleteCommit, CompleteAbort, Dead, PrepareEpochFence. */
  readonly state: string;
  readonly producerId: string;
  readonly producerEpoch: number;
  /** While ongoing, or preparing: the partitions whose markers are still to be written. */
  readonly partitions: { readonly topic: string; readonly partition: number }[];
}

/** DescribeProducers: a producer with a transaction open in a partition. */
export interface OpenTransaction {
  readonly topic: string;
  readonly partition: number;
  readonly producerId: string;
  readonly producerEpoch: number;
  /** Offset of the transaction's first record in that partition: the partition's last stable offset is at most this. */
  readonly startOffset: string;
}

/** A Kafka error code in a response; `retriable` as Apache Kafka classes it, which isRetriable reads. */
export class KafkaErrorCode extends KstreamError {
  constructor(
    readonly code: number,
    where: string,
  ) {
    super(`${where}: Kafka error code ${code}${ERROR_NAMES[code] ? ` (${ERROR_NAMES[code]})` : ''}`, RETRIABLE.has(code));
    this.name = 'KafkaErrorCode';
  }
}

const ERROR_NAMES: Record<number, string> = {
  3: 'UNKNOWN_TOPIC_OR_PARTITION',
  6: 'NOT_LEADER_OR_FOLLOWER',
  7: 'REQUEST_TIMED_OUT',
  14: 'COORDINATOR_LOAD_IN_PROGRESS',
  15: 'COORDINATOR_NOT_AVAILABLE',
  16: 'NOT_COORDINATOR',
  35: 'UNSUPPORTED_VERSION',
  53: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
  105: 'TRANSACTIONAL_ID_NOT_FOUND',
};
const RETRIABLE = new Set([3, 6, 7, 14, 15, 16]);
/** DescribeTransactions answers this for an id the coordinator does not know. */
const TRANSACTIONAL_ID_NOT_FOUND = 105;

/** What connectionPool.send's writeEncoder needs of a request body: kafkajs reads `buf` and `buffer`. */
export interface EncodedBody {
  readonly buf: Buffer;
  readonly buffer: Buffer;
}

class Writer {
  private readonly parts: Buffer[] = [];
  uvarint(value: number): this {
    const bytes: number[] = [];
    let v = value >>> 0;
    while (v >= 0x80) {
      bytes.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    bytes.push(v);
    this.parts.push(Buffer.from(bytes));
    return this;
  }
  int32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(value);
    this.parts.push(b);
    return this;
  }
  compactString(value: string): this {
    const bytes = Buffer.from(value, 'utf8');
    this.uvarint(bytes.length + 1);
    this.parts.push(bytes);
    return this;
  }
  /** An empty tagged-field section. */
  tags(): this {
    return this.uvarint(0);
  }
  body(): EncodedBody {
    const buffer = Buffer.concat(this.parts);
    return { buf: buffer, buffer };
  }
}

class Reader {
  private offset = 0;
  constructor(private readonly buffer: Buffer) {}
  uvarint(): number {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      if (shift > 28) throw new Error('malformed varint in response');
      const byte = this.buffer[this.offset++];
      if (byte === undefined) throw new Error('response ended early');
      result |= (byte & 0x7f) << shift;
      if (byte < 0x80) return result >>> 0;
    }
  }
  int16(): number {
    const v = this.buffer.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  int32(): number {
    const v = this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  int64(): string {
    const v = this.buffer.readBigInt64BE(this.offset);
    this.offset += 8;
    return v.toString();
  }
  compactString(): string | null {
    const length = this.uvarint();
    if (length === 0) return null;
    const value = this.buffer.toString('utf8', this.offset, this.offset + length - 1);
    this.offset += length - 1;
    return value;
  }
  compactArray<T>(item: (r: Reader) => T): T[] {
    const length = this.uvarint();
    const items: T[] = [];
    for (let i = 0; i < length - 1; i++) items.push(item(this));
    return items;
  }
  /** Skips a tagged-field section (this client knows no tags). */
  tags(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint();
      this.offset += this.uvarint();
    }
  }
}

export function encodeDescribeTransactions(transactionalIds: readonly string[]): EncodedBody {
  const w = new Writer().tags(); // the request header's tagged fields
  w.uvarint(transactionalIds.length + 1);
  for (const id of transactionalIds) w.compactString(id);
  return w.tags().body();
}

/** The described ids, leaving out those the coordinator does not know; throws on any other error. */
export function decodeDescribeTransactions(payload: Buffer): TransactionDescription[] {
  const r = new Reader(payload);
  r.tags(); // the response header's tagged fields
  r.int32(); // throttle time
  const states = r.compactArray((s) => {
    const errorCode = s.int16();
    const transactionalId = s.compactString() ?? '';
    const state = s.compactString() ?? '';
    s.int32(); // transaction timeout
    s.int64(); // transaction start time
    const producerId = s.int64();
    const producerEpoch = s.int16();
    const partitions = s
      .compactArray((t) => {
        const topic = t.compactString() ?? '';
        const indexes = t.compactArray((i) => i.int32());
        t.tags();
        return indexes.map((partition) => ({ topic, partition }));
      })
      .flat();
    s.tags();
    return { errorCode, description: { transactionalId, state, producerId, producerEpoch, partitions } };
  });
  r.tags();
  const failed = states.find((s) => s.errorCode !== 0 && s.errorCode !== TRANSACTIONAL_ID_NOT_FOUND);
  if (failed) throw new KafkaErrorCode(failed.errorCode, `DescribeTransactions ${failed.description.transactionalId}`);
  return states.filter((s) => s.errorCode === 0).map((s) => s.description);
}

export function encodeDescribeProducers(partitions: ReadonlyMap<string, readonly number[]>): EncodedBody {
  const w = new Writer().tags();
  w.uvarint(partitions.size + 1);
  for (const [topic, indexes] of partitions) {
    w.compactString(topic).uvarint(indexes.length + 1);
    for (const index of indexes) w.int32(index);
    w.tags();
  }
  return w.tags().body();
}

/** The open transactions of every producer in the described partitions; throws on a partition error. */
export function decodeDescribeProducers(payload: Buffer): OpenTransaction[] {
  const r = new Reader(payload);
  r.tags();
  r.int32();
  const open: OpenTransaction[] = [];
  r.compactArray((t) => {
    const topic = t.compactString() ?? '';
    t.compactArray((p) => {
      const partition = p.int32();
      const errorCode = p.int16();
      const errorMessage = p.compactString();
      const producers = p.compactArray((s) => {
        const producerId = s.int64();
        const producerEpoch = s.int32();
        s.int32(); // last sequence
        s.int64(); // last timestamp
        s.int32(); // coordinator epoch
        const startOffset = s.int64();
        s.tags();
        return { topic, partition, producerId, producerEpoch, startOffset };
      });
      p.tags();
      if (errorCode !== 0) throw new KafkaErrorCode(errorCode, `DescribeProducers ${topic}-${partition}${errorMessage ? `: ${errorMessage}` : ''}`);
      open.push(...producers.filter((s) => s.startOffset !== '-1'));
    });
    t.tags();
  });
  r.tags();
  return open;
}

