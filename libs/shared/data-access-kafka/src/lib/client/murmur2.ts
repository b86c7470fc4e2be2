import type { ICustomPartitioner } from 'kafkajs';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * The Java client's murmur2 (`Utils.murmur2`), in 32-bit integer arithmetic. kafkajs computes the
 * same hash with a 64-bit Long object per step, which costs about 1 µs a byte: a 900 kB key (a
 * "word" of 900 kB re-keyed to a repartition topic) blocked the event loop for half a minute, longer
 * than the consumer's session. Same results, byte for byte (murmur2.spec.ts checks both against the
 * Java client's values and against each other).
 */
export function murmur2(key: string | Buffer): number {
  const data = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = data[i4] | (data[i4 + 1] << 8) | (data[i4 + 2] << 16) | (data[i4 + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // The 1 to 3 bytes past the last whole word, as Java's fall-through switch takes them.
  const tail = length & ~3;
  const rest = length & 3;
  if (rest === 3) h ^= data[tail + 2] << 16;
  if (rest >= 2) h ^= data[tail + 1] << 8;
  if (rest >= 1) {
    h ^= data[tail];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * kafkajs's DefaultPartitioner (the Java client's: a pinned partition, else murmur2 of the key, else
 * round robin over the partitions with a leader) with the fast murmur2 above. It reuses kafkajs's own
 * strategy function, which takes the hash as an argument, so only the hash differs.
 */
const createPartitioner = require('kafkajs/src/producer/partitioners/legacy/partitioner') as (hash: (key: string | Buffer) => number) => ICustomPartitioner;
export const JavaCompatiblePartitioner: ICustomPartitioner = createPartitioner(murmur2);
