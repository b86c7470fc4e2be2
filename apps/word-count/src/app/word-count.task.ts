import type { KafkaMessage } from 'kafkajs';
import { decodeTextLine } from '@kstream/contract-text-lines';
import type { WordCountRecord } from '@kstream/contract-word-counts';
import type { WordTotal } from '@kstream/contract-word-totals';
import type { TopicNames } from '@kstream/contracts-core';
import { fitsOneRecord, type InputRecord, type OutputMessage, type StreamTask, type TaskOutcome } from '@kstream/kafka';
import { countLine, WordTotals } from '@kstream/util-counting';

export interface WordCountMeta {
  readonly record: WordCountRecord;
}

/**
 * The stream logic of one `text-lines` partition, free of I/O: decode, count, alert,
 * and add to the running totals of this partition.
 *
 * How to read `word-totals`: totals are kept per input partition (each task owns the
 * words of its own lines), and the new totals are written (flush, once per transaction)
 * to the word-totals partition with the same number as the input partition, keyed by the word. That partition is the task's
 * changelog, so a restore reads exactly one partition. A word seen in lines of several
 * input partitions therefore has one record per word-totals partition; its total is the
 * sum of the latest `count` of that word in each partition (compaction keeps the latest
 * per key and partition). `GET /words/top` sums the partitions this instance owns.
 */
export class WordCountTask implements StreamTask<WordCountMeta> {
  readonly totals = new WordTotals();
  /** Words whose total changed since the last flush: written once per transaction, not once per line. */
  private readonly changed = new Set<string>();

  constructor(
    readonly partition: number,
    private readonly topics: TopicNames,
    private readonly threshold: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  restore(message: KafkaMessage): void {
    if (!message.value) return;
    const total = JSON.parse(message.value.toString('utf8')) as WordTotal;
    if (typeof total.word === 'string' && Number.isInteger(total.count)) this.totals.restore(total.word, total.count);
  }

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
    const messages: OutputMessage[] = [{ topic: this.topics.wordCounts, message: { key: input.key, value } }];
    if (record.alert) messages.push({ topic: this.topics.wordAlerts, message: { key: input.key, value } });

    // The only mutation, after everything that could throw.
    this.totals.add(counted.occurrences);
    for (const word of counted.occurrences.keys()) this.changed.add(word);
    return { kind: 'output', messages, meta: { record } };
  }

  /** The new total of every word counted since the last flush, to its word-totals partition. */
  flush(): OutputMessage[] {
    const messages: OutputMessage[] = [];
    for (const word of this.changed) {
      const total: WordTotal = { word, count: this.totals.get(word) };
      messages.push({ topic: this.topics.wordTotals, message: { key: word, value: JSON.stringify(total), partition: this.partition } });
    }
    this.changed.clear();
    return messages;
  }
}

/** Top words over several partitions' partial totals. */
export function topWords(tasks: Iterable<WordCountTask>, limit: number): { word: string; count: number }[] {
  const merged = new WordTotals();
  for (const task of tasks) merged.add(new Map(task.totals.top(Number.MAX_SAFE_INTEGER).map(({ word, count }) => [word, count])));
  return merged.top(limit);
}
