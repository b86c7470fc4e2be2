import { TOPICS } from '@kstream/contracts-core';
import { fieldAtFault } from '@kstream/contracts-core/testing';
import { ROLLING_MEAN_REPARTITION_CONTRACT } from './rolling-mean-repartition.contract';

const record = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({ series: 's', value: 2.5, id: 'n-1', source: { topic: TOPICS.numbers, partition: 1, offset: '41' }, ...fields });

describe('rolling-mean-series-repartition contract', () => {
  it('accepts a number keyed by its series, with its id and origin', () => {
    expect(fieldAtFault(ROLLING_MEAN_REPARTITION_CONTRACT, { key: 's', value: record() })).toBe('valid');
  });

  it('refuses a key that differs from the series, a value that is not a finite number, no id and a bad origin', () => {
    expect(fieldAtFault(ROLLING_MEAN_REPARTITION_CONTRACT, { key: 'other', value: record() })).toBe('key');
    expect(fieldAtFault(ROLLING_MEAN_REPARTITION_CONTRACT, { key: null, value: record() })).toBe('key');
    expect(fieldAtFault(ROLLING_MEAN_REPARTITION_CONTRACT, { key: 's', value: record({ value: '2.5' }) })).toBe('value.value');
    // JSON has no Infinity; 1e309 parses to it.
    expect(fieldAtFault(ROLLING_MEAN_REPARTITION_CONTRACT, { key: 's', value: record().replace('2.5', '1e309') })).toBe('value.value');
    expect(fieldAtFault(ROLLING_MEAN_REPARTITION_CONTRACT, { key: 's', value: record({ id: '' }) })).toBe('value.id');
    expect(fieldAtFault(ROLLING_MEAN_REPARTITION_CONTRACT, { key: 's', value: record({ source: { topic: TOPICS.numbers, partition: -1, offset: '41' } }) })).toBe(
      'value.source.partition',
    );
  });

  it('is internal to rolling-mean', () => {
    expect(ROLLING_MEAN_REPARTITION_CONTRACT).toMatchObject({ internal: true, producers: ['rolling-mean'], consumers: ['rolling-mean'], externalProducers: [], externalConsumers: [] });
  });
});
