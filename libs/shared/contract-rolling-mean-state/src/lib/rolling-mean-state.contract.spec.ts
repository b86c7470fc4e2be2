import { fieldAtFault } from '@kstream/contracts-core/testing';
import { MAX_ROLLING_WINDOW } from '@kstream/contract-rolling-means';
import { ROLLING_MEAN_STATE_CONTRACT } from './rolling-mean-state.contract';

describe('rolling-mean-state contract', () => {
  it('accepts the window of a series keyed by the series', () => {
    expect(fieldAtFault(ROLLING_MEAN_STATE_CONTRACT, { key: 's', value: '{"series":"s","window":[1,2],"count":2}' })).toBe('valid');
  });

  it('refuses a window longer than any window size, a non-finite value and a wrong key', () => {
    const long = JSON.stringify({ series: 's', window: Array.from({ length: MAX_ROLLING_WINDOW + 1 }, () => 1), count: 2000 });
    expect(fieldAtFault(ROLLING_MEAN_STATE_CONTRACT, { key: 's', value: long })).toBe('value.window');
    expect(fieldAtFault(ROLLING_MEAN_STATE_CONTRACT, { key: 's', value: '{"series":"s","window":[1,"x"],"count":2}' })).toBe('value.window');
    expect(fieldAtFault(ROLLING_MEAN_STATE_CONTRACT, { key: 'other', value: '{"series":"s","window":[1],"count":1}' })).toBe('key');
  });
});
