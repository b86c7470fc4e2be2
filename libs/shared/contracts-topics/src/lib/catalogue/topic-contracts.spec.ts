import { TOPIC_SPECS, TOPICS } from '@kstream/contracts-core';
import { appsConcerned, TOPIC_CONTRACTS } from './topic-contracts';

describe('TOPIC_CONTRACTS', () => {
  it('has one contract per topic, under its own key', () => {
    expect(Object.keys(TOPIC_CONTRACTS).sort()).toEqual(Object.keys(TOPICS).sort());
    for (const spec of TOPIC_SPECS) expect(TOPIC_CONTRACTS[spec.key].topic).toBe(spec.key);
  });

  it('names the apps that write or read a set of topics, and no other', () => {
    expect(appsConcerned(['wordTotals'])).toEqual(['word-count', 'admin']);
    expect(appsConcerned(['numbers'])).toEqual(['ingest-producer', 'rolling-mean', 'admin']);
    expect(appsConcerned(['rollingMeanState'])).toEqual(['rolling-mean']);
    expect(appsConcerned([])).toEqual([]);
  });
});
