import { fieldAtFault } from '@kstream/contracts-core/testing';
import { ROLLING_MEANS_CONTRACT } from './rolling-means.contract';

const mean = {
  series: 's',
  value: 3,
  window: [1, 2, 3],
  count: 3,
  mean: 2,
  source: { topic: 'numbers', partition: 1, offset: '12' },
  processedAt: '2026-01-01T00:00:00.000Z',
};
const value = (v: object) => JSON.stringify(v);

describe('rolling-means contract', () => {
  it('accepts a mean, and a null mean before the window is full', () => {
    expect(fieldAtFault(ROLLING_MEANS_CONTRACT, { key: 's', value: value(mean), headers: { id: 'n-1' } })).toBe('valid');
    expect(fieldAtFault(ROLLING_MEANS_CONTRACT, { key: 's', value: value({ ...mean, window: [1], count: 1, mean: null }) })).toBe('valid');
  });

  it('blames a missing or different key, a bad mean and a zero count', () => {
    expect(fieldAtFault(ROLLING_MEANS_CONTRACT, { key: null, value: value(mean) })).toBe('key');
    expect(fieldAtFault(ROLLING_MEANS_CONTRACT, { key: 't', value: value(mean) })).toBe('key');
    expect(fieldAtFault(ROLLING_MEANS_CONTRACT, { key: 's', value: value({ ...mean, mean: 'two' }) })).toBe('value.mean');
    expect(fieldAtFault(ROLLING_MEANS_CONTRACT, { key: 's', value: value({ ...mean, count: 0 }) })).toBe('value.count');
  });
});
