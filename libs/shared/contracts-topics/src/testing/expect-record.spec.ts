import { DLQ_HEADERS, HEADERS, JSON_CONTENT_TYPE, suffixedTopicNames, type TopicKey } from '@kstream/contracts-core';
import { type ContractCheckOptions, ContractMismatchError, expectRecordMatchesContract as check, type PublishedRecord } from '@kstream/contracts-core/testing';
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

  it('refuses unknown fields, a key that differs from its field, and an alert below the threshold', () => {
    const check = (record: Parameters<typeof expectRecordMatchesContract>[0]) => {
      try {
        expectRecordMatchesContract(record);
      } catch (error) {
        return error instanceof ContractMismatchError ? error.field : 'other error';
      }
      return 'no error';
    };
    expect(check({ topic: 'wordCounts', key: null, value: JSON.stringify({ ...wordCount, extra: 1 }) })).toBe('value.extra');
    expect(check({ topic: 'wordTotals', key: 'Kafka', value: '{"word":"kafka","count":3}' })).toBe('key');
    expect(check({ topic: 'rollingMeans', key: null, value: '{}' })).toBe('key');
    expect(check({ topic: 'wordAlerts', key: null, value: JSON.stringify(wordCount) })).toBe('value.alert');
    expect(check({ topic: 'numbers', key: null, value: 'abc' })).toBe('value.value');
  });

  it('checks the headers and the origin of a dead letter', () => {
    const names = suffixedTopicNames('t');
    const headers = {
      [DLQ_HEADERS.reason]: 'not-a-number',
      [DLQ_HEADERS.error]: 'x',
      [DLQ_HEADERS.sourceTopic]: names.numbers,
      [DLQ_HEADERS.sourcePartition]: '1',
      [DLQ_HEADERS.sourceOffset]: '12',
      [DLQ_HEADERS.service]: 'rolling-mean',
      [DLQ_HEADERS.failedAt]: '2026-01-01T00:00:00.000Z',
    };
    expect(() => expectRecordMatchesContract({ topic: 'numbersDlq', key: null, value: Buffer.from([0xff]), headers }, { names })).not.toThrow();
    expect(() => expectRecordMatchesContract({ topic: 'numbersDlq', key: null, value: 'abc', headers: { ...headers, [DLQ_HEADERS.reason]: 'bad' } }, { names })).toThrow(
      /numbers\.dlq .* at field "headers\.dlq-reason": "bad" is not one of .*written by rolling-mean; read by admin/,
    );
    expect(() => expectRecordMatchesContract({ topic: 'numbersDlq', key: null, value: 'abc', headers: { ...headers, [DLQ_HEADERS.service]: 'word-count' } }, { names })).toThrow(
      /headers\.dlq-service/,
    );
    expect(() => expectRecordMatchesContract({ topic: 'numbersDlq', key: null, value: 'abc', headers })).toThrow(/headers\.dlq-source-topic/);
  });
});
