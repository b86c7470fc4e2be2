import { decodeDescribeProducers, decodeDescribeTransactions, encodeDescribeProducers, encodeDescribeTransactions, KafkaErrorCode } from './transaction-protocol';

/* Byte-level builders for the responses, field by field as in Apache Kafka's message JSON. */
const u8 = (...bytes: number[]) => Buffer.from(bytes);
const int16 = (v: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(v);
  return b;
};
const int32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
};
const int64 = (v: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(v);
  return b;
};
const compactString = (s: string) => Buffer.concat([u8(Buffer.byteLength(s) + 1), Buffer.from(s)]);
const TAGS = u8(0);

describe('DescribeTransactions v0', () => {
  it('writes the header tagged fields, a compact array of compact strings and the body tagged fields', () => {
    expect([...encodeDescribeTransactions(['ab', 'c']).buffer]).toEqual([0, 3, 3, 0x61, 0x62, 2, 0x63, 0]);
  });

  it('reads a state with its partitions and leaves out ids the coordinator does not know', () => {
    const known = Buffer.concat([
      int16(0),
      compactString('tx-1'),
      compactString('Ongoing'),
      int32(60_000),
      int64(1_700_000_000_000n),
      int64(4001n),
      int16(3),
      u8(2), // one topic
      compactString('word-counts'),
      u8(3),
      int32(0),
      int32(2),
      TAGS,
      TAGS,
    ]);
    const unknown = Buffer.concat([int16(105), compactString('tx-2'), compactString(''), int32(0), int64(-1n), int64(-1n), int16(-1), u8(1), TAGS]);
    const payload = Buffer.concat([TAGS, int32(0), u8(3), known, unknown, TAGS]);
    expect(decodeDescribeTransactions(payload)).toEqual([
      {
        transactionalId: 'tx-1',
        state: 'Ongoing',
        producerId: '4001',
        producerEpoch: 3,
        partitions: [
          { topic: 'word-counts', partition: 0 },
          { topic: 'word-counts', partition: 2 },
        ],
      },
    ]);
  });

  it('throws a retriable error when the coordinator is elsewhere', () => {
    const moved = Buffer.concat([int16(16), compactString('tx-1'), compactString(''), int32(0), int64(-1n), int64(-1n), int16(-1), u8(1), TAGS]);
    const error = (() => {
      try {
        decodeDescribeTransactions(Buffer.concat([TAGS, int32(0), u8(2), moved, TAGS]));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(KafkaErrorCode);
    expect(error).toMatchObject({ code: 16, retriable: true, message: expect.stringContaining('NOT_COORDINATOR') });
  });
});

describe('DescribeProducers v0', () => {
  it('writes topics with their partition indexes', () => {
    expect([...encodeDescribeProducers(new Map([['t', [1, 2]]])).buffer]).toEqual([0, 2, 2, 0x74, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0]);
  });

  const producer = (id: bigint, epoch: number, startOffset: bigint) => Buffer.concat([int64(id), int32(epoch), int32(7), int64(1_700_000_000_000n), int32(0), int64(startOffset), TAGS]);
  const partition = (index: number, error: number, message: string | null, producers: Buffer[]) =>
    Buffer.concat([int32(index), int16(error), message === null ? u8(0) : compactString(message), u8(producers.length + 1), ...producers, TAGS]);

  it('keeps only the producers with a transaction open, with where it starts', () => {
    const payload = Buffer.concat([
      TAGS,
      int32(0),
      u8(2),
      compactString('out'),
      u8(3),
      partition(0, 0, null, [producer(11n, 2, -1n), producer(12n, 0, 40n)]),
      partition(1, 0, null, []),
      TAGS,
      TAGS,
    ]);
    expect(decodeDescribeProducers(payload)).toEqual([{ topic: 'out', partition: 0, producerId: '12', producerEpoch: 0, startOffset: '40' }]);
  });

  it('throws on a partition error, with the message the broker gave', () => {
    const payload = Buffer.concat([TAGS, int32(0), u8(2), compactString('out'), u8(2), partition(0, 6, 'not the leader', []), TAGS, TAGS]);
    expect(() => decodeDescribeProducers(payload)).toThrow(/out-0: not the leader.*NOT_LEADER_OR_FOLLOWER/);
  });
});
