import { randomUUID } from 'node:crypto';
import { lineRecord, numberRecord, type BuiltRecord } from '@kstream/ingest-data-access-producer';

/** A realistic line of text, exactly 100 bytes: the payload of every produce scenario. */
export const LINE_100 = 'The quick brown fox jumps over the lazy dog while Kafka streams count every word in the log, twice!!';
if (Buffer.byteLength(LINE_100) !== 100) throw new Error(`LINE_100 has ${Buffer.byteLength(LINE_100)} bytes`);

export const VALUE_100 = Buffer.from(LINE_100);

const WORDS = 'alpha beta gamma delta kafka stream count word mean window record batch offset topic partition broker'.split(' ');

/** The i-th line of the consume workload: ~100 bytes of text, in ingest's JSON envelope with its headers. */
export function benchLine(i: number): BuiltRecord {
  const words: string[] = [];
  for (let k = 0; words.join(' ').length < 90; k++) words.push(WORDS[(i * 7 + k * 3) % WORDS.length]);
  return lineRecord({ text: `${words.join(' ')} #${i}`, id: randomUUID() });
}

/** The i-th number of the consume workload: 50 series (the key), in ingest's JSON envelope. */
export function benchNumber(i: number): BuiltRecord {
  return numberRecord({ value: Math.round(Math.sin(i) * 1000) / 10, series: `series-${i % 50}`, id: randomUUID() });
}
