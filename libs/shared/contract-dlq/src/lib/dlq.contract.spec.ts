import { DLQ_HEADERS, dlqHeaders, suffixedTopicNames } from '@kstream/contracts-core';
import { fieldAtFault } from '@kstream/contracts-core/testing';
import { NUMBERS_DLQ_CONTRACT, TEXT_LINES_DLQ_CONTRACT } from './dlq.contract';

describe('DLQ contracts', () => {
  const names = suffixedTopicNames('t');
  const headers = dlqHeaders({ topic: names.numbers, partition: 1, offset: '12' }, 'not-a-number', 'x', 'rolling-mean');

  it('accept any original bytes with the dlq-* headers of their service and origin', () => {
    expect(fieldAtFault(NUMBERS_DLQ_CONTRACT, { key: null, value: Buffer.from([0xff]), headers }, { names })).toBe('valid');
    const line = dlqHeaders({ topic: names.textLines, partition: 0, offset: '3' }, 'empty-value', 'x', 'word-count');
    expect(fieldAtFault(TEXT_LINES_DLQ_CONTRACT, { key: 'k', value: '', headers: line }, { names })).toBe('valid');
  });

  it("accept a dead letter of their consumer's internal topic, and no other's", () => {
    const words = dlqHeaders({ topic: names.wordCountRepartition, partition: 2, offset: '9' }, 'invalid-json', 'x', 'word-count');
    expect(fieldAtFault(TEXT_LINES_DLQ_CONTRACT, { key: 'kafka', value: '{', headers: words }, { names })).toBe('valid');
    const series = dlqHeaders({ topic: names.rollingMeanRepartition, partition: 0, offset: '4' }, 'contract-violation', 'x', 'rolling-mean');
    expect(fieldAtFault(NUMBERS_DLQ_CONTRACT, { key: 's', value: '{}', headers: series }, { names })).toBe('valid');
    expect(fieldAtFault(NUMBERS_DLQ_CONTRACT, { key: 's', value: '{}', headers: { ...series, [DLQ_HEADERS.sourceTopic]: names.wordCountRepartition } }, { names })).toBe(
      'headers.dlq-source-topic',
    );
    expect(fieldAtFault(TEXT_LINES_DLQ_CONTRACT, { key: 'kafka', value: '{', headers: { ...words, [DLQ_HEADERS.sourceTopic]: names.wordTotals } }, { names })).toBe(
      'headers.dlq-source-topic',
    );
  });

  it('blame an unknown reason, another service, a missing header and another origin', () => {
    expect(fieldAtFault(NUMBERS_DLQ_CONTRACT, { key: null, value: 'a', headers: { ...headers, [DLQ_HEADERS.reason]: 'bad' } }, { names })).toBe('headers.dlq-reason');
    expect(fieldAtFault(NUMBERS_DLQ_CONTRACT, { key: null, value: 'a', headers: { ...headers, [DLQ_HEADERS.service]: 'word-count' } }, { names })).toBe(
      'headers.dlq-service',
    );
    expect(fieldAtFault(NUMBERS_DLQ_CONTRACT, { key: null, value: 'a', headers: { ...headers, [DLQ_HEADERS.sourceOffset]: undefined } }, { names })).toBe(
      'headers.dlq-source-offset',
    );
    expect(fieldAtFault(NUMBERS_DLQ_CONTRACT, { key: null, value: 'a', headers })).toBe('headers.dlq-source-topic');
    expect(fieldAtFault(TEXT_LINES_DLQ_CONTRACT, { key: null, value: 'a', headers }, { names })).toBe('headers.dlq-service');
  });
});
