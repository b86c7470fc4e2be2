import { decodeTextLine } from '@kstream/contract-text-lines';
import type { RawRecord } from '@kstream/contracts-core';
import { countLine } from '@kstream/util-counting';
import type { ConsumedRecord } from '@kstream/kafka/testing';

/** How a reader gets the total of a word from `word-totals`: the latest count per partition and word, summed. */
export function sumTotals(records: readonly ConsumedRecord[]): Map<string, number> {
  const latest = new Map<string, { word: string; count: number }>();
  for (const r of records) latest.set(`${r.partition}\u0000${r.key}`, JSON.parse(r.value ?? '') as { word: string; count: number });
  const totals = new Map<string, number>();
  for (const { word, count } of latest.values()) totals.set(word, (totals.get(word) ?? 0) + count);
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
