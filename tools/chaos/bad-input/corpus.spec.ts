import { decodeNumber, decodeTextLine, type RawRecord } from '@kstream/contracts';
import { countLine } from '@kstream/util-counting';
import { HTTP_KINDS, KAFKA_KINDS, type KafkaKind } from './corpus';

/**
 * The corpus against the contracts' decoders, without a broker: every kind must reach its
 * expected outcome and none may throw (a throw would cost the consumer three retries and end
 * as `processing-failed` instead of the reason the contract names). The broker run
 * (bad-input.int.spec.ts) then shows the apps doing the same end to end.
 */
describe('bad-input corpus', () => {
  it('holds at least 50 named kinds through Kafka and through HTTP, each name once', () => {
    expect(KAFKA_KINDS.length).toBeGreaterThanOrEqual(50);
    expect(HTTP_KINDS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(KAFKA_KINDS.map((k) => `${k.topic}: ${k.name}`)).size).toBe(KAFKA_KINDS.length);
    expect(new Set(HTTP_KINDS.map((k) => `${k.path}: ${k.name}`)).size).toBe(HTTP_KINDS.length);
  });

  const record = (kind: KafkaKind): RawRecord => ({ key: kind.key ?? null, value: kind.value, headers: kind.headers });

  it.each(KAFKA_KINDS.filter((k) => k.topic === 'textLines').map((k) => [k.name, k] as const))('text-lines: %s', (_name, kind) => {
    const result = decodeTextLine(record(kind));
    if (kind.refusedAfterDecoding) {
      expect(result.ok).toBe(true);
    } else if ('dlq' in kind.expected) {
      expect(result).toMatchObject({ ok: false, violation: { reason: kind.expected.dlq } });
    } else {
      const { text, words } = kind.expected.output;
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      if (text !== undefined) expect(result.value.text).toBe(text);
      if (words !== undefined) expect(countLine(result.value.text, 6).words).toBe(words);
    }
  });

  it.each(KAFKA_KINDS.filter((k) => k.topic === 'numbers').map((k) => [k.name, k] as const))('numbers: %s', (_name, kind) => {
    const result = decodeNumber(record(kind));
    if ('dlq' in kind.expected) expect(result).toMatchObject({ ok: false, violation: { reason: kind.expected.dlq } });
    else expect(result).toEqual({ ok: true, value: { value: kind.expected.output.value, series: kind.expected.output.series, id: undefined } });
  });
});
