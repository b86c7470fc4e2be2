import { INTERNAL_TOPICS, TOPIC_SPECS, TOPICS } from '@kstream/contracts-core';
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
    expect(appsConcerned(['wordCountRepartition'])).toEqual(['word-count']);
    expect(appsConcerned(['rollingMeanRepartition'])).toEqual(['rolling-mean']);
    expect(appsConcerned([])).toEqual([]);
  });

  it('marks exactly the internal topics internal, each written and read by one app of the stack only', () => {
    const internal = TOPIC_SPECS.filter((s) => TOPIC_CONTRACTS[s.key].internal === true).map((s) => s.key);
    expect(internal).toEqual([...INTERNAL_TOPICS]);
    for (const key of INTERNAL_TOPICS) {
      const contract = TOPIC_CONTRACTS[key];
      expect(contract.producers).toHaveLength(1);
      expect(contract.consumers).toEqual(contract.producers);
      expect([...contract.externalProducers, ...contract.externalConsumers]).toEqual([]);
    }
  });

  it('lets each DLQ take dead letters of its consumer\'s internal topic, and redrive only to its input', () => {
    expect(TOPIC_CONTRACTS.textLinesDlq).toMatchObject({ deadLetterOf: 'textLines', alsoDeadLetterOf: ['wordCountRepartition'] });
    expect(TOPIC_CONTRACTS.numbersDlq).toMatchObject({ deadLetterOf: 'numbers', alsoDeadLetterOf: ['rollingMeanRepartition'] });
    for (const dlq of [TOPIC_CONTRACTS.textLinesDlq, TOPIC_CONTRACTS.numbersDlq]) {
      for (const key of dlq.alsoDeadLetterOf ?? []) expect(TOPIC_CONTRACTS[key].consumers).toEqual(dlq.producers);
    }
  });
});
