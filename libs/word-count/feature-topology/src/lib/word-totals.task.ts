import type { KafkaMessage } from 'kafkajs';
import type { WordOccurrences, WordTotal } from '@kstream/contract-word-totals';
import type { TopicNames } from '@kstream/contracts-core';
import { internalJson, type InputRecord, type OutputMessage, type StreamTask, type TaskOutcome } from '@kstream/kafka';
import { topOf, WordTotals } from '@kstream/util-counting';

/** What the totals stage reports of a record: the word and its new total. */
export interface WordTotalMeta {
  readonly word: string;
  readonly count: number;
}

/**
 * The second stage of word-count, for one partition of `word-count-words-repartition`: every
 * record of a word arrives here, whichever `text-lines` partition its lines came from, so this
 * task holds the word's whole total. The new totals go to `word-totals` (compacted) in the
 * partition with this task's number, once per transaction. That topic is keyed by the word and
 * partitioned like the repartition topic (the Java client's murmur2 of the key, same partition
 * count), so a word lives in exactly one partition and its latest record there is its total;
 * it is also this task's changelog, and a restore reads exactly one partition.
 */
export class WordTotalsTask implements StreamTask<WordTotalMeta> {
  readonly totals = new WordTotals();
  /** Words whose total changed since the last flush: written once per transaction, not once per record. */
  private readonly changed = new Set<string>();

  constructor(
    readonly partition: number,
    private readonly topics: TopicNames,
  ) {}

  restore(message: KafkaMessage): void {
    if (!message.value) return;
    const total = JSON.parse(message.value.toString('utf8')) as WordTotal;
    if (typeof total.word === 'string' && Number.isInteger(total.count)) this.totals.restore(total.word, total.count);
  }

  process(input: InputRecord): TaskOutcome<WordTotalMeta> {
    const parsed = parseOccurrences(input);
    if (typeof parsed === 'string') return { kind: 'dead-letter', reason: 'contract-violation', error: parsed };
    // The only mutation, after everything that could fail.
    const count = this.totals.increment(parsed.word, parsed.count);
    this.changed.add(parsed.word);
    return { kind: 'output', messages: [], meta: { word: parsed.word, count } };
  }

  /** The new total of every word counted since the last flush, to its word-totals partition. */
  flush(): OutputMessage[] {
    const messages: OutputMessage[] = [];
    for (const word of this.changed) {
      const total: WordTotal = { word, count: this.totals.get(word) };
      messages.push({ topic: this.topics.wordTotals, message: { key: word, value: JSON.stringify(total), partition: this.partition }, body: total });
    }
    this.changed.clear();
    return messages;
  }

  /** A word's total as queries answer it; undefined for a word never counted here. */
  view(word: string): WordTotal | undefined {
    const count = this.totals.get(word);
    return count > 0 ? { word, count } : undefined;
  }
}

/**
 * The repartition topic is written by the first stage only, so a bad record there means someone
 * else wrote to an internal topic: it is dead-lettered like bad input. Checked by hand, not with
 * the contract class, because this runs once per word per transaction on the hot path.
 */
function parseOccurrences(input: InputRecord): WordOccurrences | string {
  const parsed = internalJson<WordOccurrences>(input);
  if (typeof parsed === 'string') return parsed;
  const { word, count } = parsed;
  if (typeof word !== 'string' || word.length === 0) return 'word: must be a non-empty string';
  if (!Number.isSafeInteger(count) || (count as number) < 1) return 'count: must be an integer of at least 1';
  if (input.key?.toString('utf8') !== word) return 'key: must equal word';
  return { word, count: count as number };
}

/** Top words over the totals of several partitions: each word lives in one, so this is a merge, not a sum. */
export function topWords(tasks: Iterable<WordTotalsTask>, limit: number): { word: string; count: number }[] {
  return topOf([...tasks].flatMap((task) => [...task.totals.entries()]), limit);
}
