import { decodeNumber, decodeTextLine, NUMBER_AVRO_SCHEMA, TEXT_LINE_AVRO_SCHEMA, type RawRecord } from '@kstream/contracts';
import { AvroInputDeserializer, looksFramed, SchemaNotFoundError, type SchemaRegistryClient } from '@kstream/data-access-registry';
import { DeadLetterError } from '@kstream/kafka';
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

  // The processors' Avro step, before the decoder; here with a registry that knows no schema, as the run's fresh one knows none of the corpus's ids.
  const emptyRegistry = { schemaById: async (id: number) => Promise.reject(new SchemaNotFoundError(`Schema ${id} not found.`)) } as unknown as SchemaRegistryClient;
  const avro = new AvroInputDeserializer({ registry: emptyRegistry, readers: new Map([['textLines', TEXT_LINE_AVRO_SCHEMA as never], ['numbers', NUMBER_AVRO_SCHEMA as never]]) });

  it.each(KAFKA_KINDS.filter((k) => Buffer.isBuffer(k.value) && looksFramed(k.value)).map((k) => [`${k.topic}: ${k.name}`, k] as const))('%s', async (_name, kind) => {
    const value = kind.value as Buffer;
    const outcome = await Promise.resolve(avro.deserialize({ topic: kind.topic, partition: 0, offset: '0', key: null, value, headers: {}, timestamp: '0' })).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(DeadLetterError);
    expect('dlq' in kind.expected && (outcome as DeadLetterError).reason).toBe('dlq' in kind.expected ? kind.expected.dlq : 'an output');
  });

  const decoded = (k: KafkaKind) => !(Buffer.isBuffer(k.value) && looksFramed(k.value));

  it.each(KAFKA_KINDS.filter((k) => k.topic === 'textLines' && decoded(k)).map((k) => [k.name, k] as const))('text-lines: %s', (_name, kind) => {
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

  it.each(KAFKA_KINDS.filter((k) => k.topic === 'numbers' && decoded(k)).map((k) => [k.name, k] as const))('numbers: %s', (_name, kind) => {
    const result = decodeNumber(record(kind));
    if ('dlq' in kind.expected) expect(result).toMatchObject({ ok: false, violation: { reason: kind.expected.dlq } });
    else expect(result).toEqual({ ok: true, value: { value: kind.expected.output.value, series: kind.expected.output.series, id: undefined } });
  });
});
