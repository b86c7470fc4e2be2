import { HEADERS, JSON_CONTENT_TYPE, type TopicKey } from '@kstream/contracts-core';
import { type ContractCheckOptions, expectRecordMatchesContract as check, publishedSchemaProblem, type PublishedRecord } from '@kstream/contracts-core/testing';
import { TOPIC_CONTRACTS } from '../lib/catalogue';

/** The checker with the contract looked up in the catalogue, as a tool outside an app would. */
function expectRecordMatchesContract(record: PublishedRecord & { topic: TopicKey }, options?: ContractCheckOptions): void {
  check(TOPIC_CONTRACTS[record.topic], record, options);
}

const wordCount = {
  id: 'l-1',
  text: 'a b',
  words: 2,
  alert: false,
  threshold: 6,
  source: { topic: 'text-lines', partition: 0, offset: '7' },
  processedAt: '2026-01-01T00:00:00.000Z',
};

// The rules of each topic are tested in its own library; here the checker meets every kind of contract.
describe('expectRecordMatchesContract', () => {
  it('accepts records that match their topic contract', () => {
    expect(() => expectRecordMatchesContract({ topic: 'wordCounts', key: null, value: JSON.stringify(wordCount) })).not.toThrow();
    expect(() =>
      expectRecordMatchesContract({ topic: 'wordAlerts', key: 'k', value: Buffer.from(JSON.stringify({ ...wordCount, words: 7, alert: true })) }),
    ).not.toThrow();
    expect(() => expectRecordMatchesContract({ topic: 'wordTotals', key: 'kafka', value: '{"word":"kafka","count":3}' })).not.toThrow();
    expect(() =>
      expectRecordMatchesContract({
        topic: 'textLines',
        key: null,
        value: '{"text":"hi","id":"x"}',
        headers: { [HEADERS.contentType]: Buffer.from(JSON_CONTENT_TYPE) },
      }),
    ).not.toThrow();
    expect(() => expectRecordMatchesContract({ topic: 'numbers', key: 's', value: ' 3.5\n' })).not.toThrow();
  });

  it('names the topic, the field and the apps concerned', () => {
    const bad = { ...wordCount, words: 'two' };
    expect(() => expectRecordMatchesContract({ topic: 'wordCounts', key: null, value: JSON.stringify(bad) })).toThrow(
      /^record on topic word-counts \(contract v1\) breaks its contract at field "value\.words": words must .* \(written by word-count; read by admin, users\)$/,
    );
  });
});

describe('publishedSchemaProblem', () => {
  it('holds records to the JSON Schema published in docs/schemas, naming the field', () => {
    expect(publishedSchemaProblem(TOPIC_CONTRACTS.wordCounts, { key: null, value: JSON.stringify(wordCount) })).toBeUndefined();
    expect(publishedSchemaProblem(TOPIC_CONTRACTS.wordCounts, { key: null, value: JSON.stringify({ ...wordCount, words: -1 }) })).toEqual({
      field: 'value.words',
      problem: 'the published JSON Schema (docs/schemas/word-counts.schema.json) refuses it: must be >= 0',
    });
    expect(publishedSchemaProblem(TOPIC_CONTRACTS.numbers, { key: null, value: 'NaN' })?.field).toBe('value');
    expect(publishedSchemaProblem(TOPIC_CONTRACTS.wordTotals, { key: 'k', value: '{"word":"k","count":1,"x":1}' })?.field).toBe('value');
  });
});
