import { CompressionTypes, type Message, type Producer } from 'kafkajs';
import { HEADERS, type TopicNames } from '@kstream/contracts';
import { produceWithJavaClient, type JavaClientRecord } from '@kstream/contracts/testing';
import { CASE_HEADER } from './outcomes';
import type { KafkaKind } from './corpus';

/** Over this, a request goes gzip-compressed: the broker's limit (message.max.bytes, 1 MiB) is on the compressed batch. */
const COMPRESS_OVER_BYTES = 900_000;

export interface Produced {
  /** Ids of the good records put around the bad ones; each must come out exactly once. */
  readonly goodIds: { readonly textLines: string[]; readonly numbers: string[] };
  /** Corpus records sent, copies of a burst counted one by one. */
  readonly corpusRecords: number;
}

const size = (m: Message) => (m.value ? Buffer.byteLength(m.value) : 0) + (m.key ? Buffer.byteLength(m.key) : 0);

/**
 * Produces every kind `rounds` times, each between two good records carrying ids, all three in
 * one request to one partition (kind index modulo 3), so the consumer meets them in one batch
 * and a bad record that stopped its batch would take its neighbours with it. Kinds marked
 * viaJavaClient go through Kafka's Java client instead, all of a round together, to the same
 * partitions, between two good records from kafkajs on each.
 */
export async function produceCorpus(options: {
  producer: Producer;
  brokers: string;
  topics: TopicNames;
  kinds: readonly KafkaKind[];
  rounds: number;
  tag: string;
}): Promise<Produced> {
  const { producer, brokers, topics, kinds, rounds, tag } = options;
  const goodIds: Produced['goodIds'] = { textLines: [], numbers: [] };
  let corpusRecords = 0;
  let n = 0;
  const good = (kind: KafkaKind): Message => {
    const id = `good-${tag}-${n++}`;
    goodIds[kind.topic].push(id);
    return kind.topic === 'textLines'
      ? { value: `good line number ${n}`, headers: { [HEADERS.id]: id } }
      : { key: 'good', value: String(n % 10), headers: { [HEADERS.id]: id } };
  };

  for (let round = 0; round < rounds; round++) {
    const viaJava: { kind: KafkaKind; partition: number; copies: JavaClientRecord[] }[] = [];
    for (const [index, kind] of kinds.entries()) {
      const partition = index % 3;
      const copies = Array.from({ length: kind.burst ?? 1 }, (_, copy) => ({
        key: kind.key ?? null,
        value: kind.value,
        headers: { ...kind.headers, [CASE_HEADER]: `${index}.${round}.${copy}` },
        partition,
      }));
      corpusRecords += copies.length;
      if (kind.viaJavaClient) {
        viaJava.push({ kind, partition, copies });
        continue;
      }
      const messages: Message[] = [good(kind), ...copies, good(kind)].map((m) => ({ ...m, partition }));
      const compressed = messages.reduce((sum, m) => sum + size(m), 0) > COMPRESS_OVER_BYTES;
      await producer.send({ topic: topics[kind.topic], messages, ...(compressed ? { compression: CompressionTypes.GZIP } : {}) });
    }
    // One JVM per topic and round rather than per kind: its start-up is most of a call's time.
    const goods = () => viaJava.map(({ kind, partition }) => ({ topic: topics[kind.topic], messages: [{ ...good(kind), partition }] }));
    await producer.sendBatch({ topicMessages: goods() });
    await Promise.all(
      (['textLines', 'numbers'] as const).map((key) => {
        const records = viaJava.filter(({ kind }) => kind.topic === key).flatMap(({ copies }) => copies);
        return records.length > 0 ? produceWithJavaClient(brokers, topics[key], records) : undefined;
      }),
    );
    await producer.sendBatch({ topicMessages: goods() });
  }
  return { goodIds, corpusRecords };
}
