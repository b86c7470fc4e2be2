import { decodeTextLine } from '@kstream/contract-text-lines';
import type { WordCountRecord } from '@kstream/contract-word-counts';
import type { WordOccurrences } from '@kstream/contract-word-totals';
import type { TopicNames } from '@kstream/contracts-core';
import { fitsOneRecord, type InputRecord, type OutputMessage, type StreamTask, type TaskOutcome } from '@kstream/kafka';
import { countLine } from '@kstream/util-counting';

export interface WordCountMeta {
  readonly record: WordCountRecord;
}

/**
 * The first stage of word-count, for one `text-lines` partition, free of I/O: decode, count,
 * alert (one `word-counts` record per line, and a `word-alerts` one above the threshold), and
 * hand each word's occurrences on to the stage that keeps the totals.
 *
 * The totals are not kept here: a line lands on whatever partition its producer chose, so the
 * lines of one partition say nothing about where a word belongs. Instead the occurrences of each
 * word are written to `word-count-words-repartition` keyed by the word, once per transaction
 * (summed over the transaction's lines; a sum adds up the same as its parts), and the producer's
 * murmur2 partitioner puts every word in one partition there, where `WordTotalsTask` keeps its
 * total. It is Kafka Streams' `groupBy(word)` → repartition → `count()`.
 */
export class WordCountTask implements StreamTask<WordCountMeta> {
  /** Occurrences per word since the last flush: one repartition record per word per transaction. */
  private readonly pending = new Map<string, number>();

  constructor(
    readonly partition: number,
    private readonly topics: TopicNames,
    private readonly threshold: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  process(input: InputRecord): TaskOutcome<WordCountMeta> {
    const decoded = decodeTextLine({ key: input.key, value: input.value, headers: input.headers });
    if (!decoded.ok) return { kind: 'dead-letter', reason: decoded.violation.reason, error: decoded.violation.message };

    const line = decoded.value;
    const counted = countLine(line.text, this.threshold);
    const record: WordCountRecord = {
      id: line.id ?? `${input.topic}-${input.partition}-${input.offset}`,
      text: line.text,
      words: counted.words,
      alert: counted.alert,
      threshold: this.threshold,
      source: { topic: input.topic, partition: input.partition, offset: input.offset },
      processedAt: this.now().toISOString(),
    };
    const value = JSON.stringify(record);
    if (!fitsOneRecord(input.key, value)) {
      return { kind: 'dead-letter', reason: 'too-large', error: `its ${this.topics.wordCounts} record (${Buffer.byteLength(value)} bytes of JSON) is over the broker's limit even compressed` };
    }
    const messages: OutputMessage[] = [{ topic: this.topics.wordCounts, message: { key: input.key, value }, body: record }];
    if (record.alert) messages.push({ topic: this.topics.wordAlerts, message: { key: input.key, value }, body: record });

    // The only mutation, after everything that could throw.
    for (const [word, n] of counted.occurrences) this.pending.set(word, (this.pending.get(word) ?? 0) + n);
    return { kind: 'output', messages, meta: { record } };
  }

  /** The occurrences counted since the last flush, one record per word keyed by it, to the repartition topic. */
  flush(): OutputMessage[] {
    const messages: OutputMessage[] = [];
    for (const [word, count] of this.pending) {
      const occurrences: WordOccurrences = { word, count };
      messages.push({ topic: this.topics.wordCountRepartition, message: { key: word, value: JSON.stringify(occurrences) } });
    }
    this.pending.clear();
    return messages;
  }
}
