import { decodeTextLine } from '@kstream/contract-text-lines';
import type { RawRecord } from '@kstream/contracts-core';
import { countLine } from '@kstream/util-counting';
import { homePartition } from '@kstream/kafka';
import type { ConsumedRecord } from '@kstream/kafka/testing';

/**
 * How a reader gets the total of a word from `word-totals`: its latest record, as with any
 * compacted topic. Throws when a word has records in two partitions or outside the partition the
 * Java client's murmur2 of the word gives it: each word must live in exactly one partition.
 */
export function latestTotals(records: readonly ConsumedRecord[], partitionCount = 3): Map<string, number> {
  const totals = new Map<string, number>();
  for (const r of records) {
    const home = homePartition(r.key ?? '', partitionCount);
    if (r.partition !== home) throw new Error(`word-totals: ${JSON.stringify(r.key)} is in partition ${r.partition}, not in its own (${home})`);
    const { word, count } = JSON.parse(r.value ?? '') as { word: string; count: number };
    totals.set(word, count);
  }
  return totals;
}

/** The totals recomputed from the input topic, with the same decoding and counting. */
export function recount(inputs: readonly ConsumedRecord[], threshold = 6): Map<string, number> {
  const totals = new Map<string, number>();
  for (const input of inputs) {
    const decoded = decodeTextLine(input.message as RawRecord);
    if (!decoded.ok) continue;
    for (const [word, n] of countLine(decoded.value.text, threshold).occurrences) totals.set(word, (totals.get(word) ?? 0) + n);
  }
  return totals;
}
