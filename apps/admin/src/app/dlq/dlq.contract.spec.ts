import type { KafkaMessage } from 'kafkajs';
import { NUMBERS_DLQ_CONTRACT, TEXT_LINES_DLQ_CONTRACT } from '@kstream/contract-dlq';
import { NUMBERS_CONTRACT } from '@kstream/contract-numbers';
import { NUMBER_FIXTURES } from '@kstream/contract-numbers/testing';
import { TEXT_LINES_CONTRACT } from '@kstream/contract-text-lines';
import { TEXT_LINE_FIXTURES } from '@kstream/contract-text-lines/testing';
import { APPS, DLQ_HEADER_NAMES, dlqHeaders, TOPICS, type RawRecord, type TopicContract } from '@kstream/contracts-core';
import { expectRecordMatchesContract } from '@kstream/contracts-core/testing';
import { deadLetter, withoutDlqHeaders } from './dlq.service';

/**
 * Admin reads the DLQ topics and writes their records back to the input topics, so it is a party
 * to four contracts. For every input fixture: the dead letter its consumer would write satisfies
 * the DLQ contract and admin reads its origin from it, and what a redrive writes is the original
 * record, which the input contract judges exactly as it judged the original.
 */
const CASES = [
  { input: TEXT_LINES_CONTRACT, dlq: TEXT_LINES_DLQ_CONTRACT, service: APPS.wordCount, fixtures: TEXT_LINE_FIXTURES },
  { input: NUMBERS_CONTRACT, dlq: NUMBERS_DLQ_CONTRACT, service: APPS.rollingMean, fixtures: NUMBER_FIXTURES },
] as const;

function outcome(contract: TopicContract, record: RawRecord): string {
  try {
    expectRecordMatchesContract(contract, record);
    return 'valid';
  } catch (error) {
    return (error as Error).message;
  }
}

const asBuffer = (v: Buffer | string | null | undefined): Buffer | null => (v === null || v === undefined ? null : Buffer.from(v));

describe.each(CASES)('dead letters of $input.topic', ({ input, dlq, service, fixtures }) => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s: a valid dead letter, read and redriven unchanged', (_name, fixture) => {
    const origin = { topic: TOPICS[input.topic], partition: 2, offset: '41' };
    const headers = { ...fixture.record.headers, ...dlqHeaders(origin, 'processing-failed', 'broker timed out', service) };
    const letter = { key: fixture.record.key, value: fixture.record.value, headers };
    expect(outcome(dlq, letter)).toBe('valid');

    const message = { key: asBuffer(letter.key), value: asBuffer(letter.value), headers, offset: '3', timestamp: '0', attributes: 0 } as KafkaMessage;
    expect(deadLetter({ partition: 1, offset: 3, message })).toMatchObject({ reason: 'processing-failed', service, origin: { topic: origin.topic, partition: 2, offset: '41' } });

    const redriven = { key: message.key, value: message.value, headers: withoutDlqHeaders(message.headers) } as RawRecord;
    for (const name of DLQ_HEADER_NAMES) expect(redriven.headers).not.toHaveProperty(name);
    expect(outcome(input, redriven)).toBe(outcome(input, fixture.record));
    expect(outcome(input, redriven) === 'valid').toBe(fixture.expected.ok);
  });
});
