import { NUMBERS_DLQ_CONTRACT, TEXT_LINES_DLQ_CONTRACT } from '@kstream/contract-dlq';
import { NUMBERS_CONTRACT } from '@kstream/contract-numbers';
import { ROLLING_MEAN_REPARTITION_CONTRACT, ROLLING_MEAN_STATE_CONTRACT } from '@kstream/contract-rolling-mean-state';
import { ROLLING_MEANS_CONTRACT } from '@kstream/contract-rolling-means';
import { TEXT_LINES_CONTRACT } from '@kstream/contract-text-lines';
import { WORD_ALERTS_CONTRACT, WORD_COUNTS_CONTRACT } from '@kstream/contract-word-counts';
import { WORD_COUNT_REPARTITION_CONTRACT, WORD_TOTALS_CONTRACT } from '@kstream/contract-word-totals';
import { type AppName, APPS, type TopicContract, type TopicKey } from '@kstream/contracts-core';

/**
 * Every topic's contract, by topic key. Each contract is defined in the library of its topic
 * (`libs/shared/contract-<topic>`), which only the apps that write or read the topic import; this
 * catalogue is for the tools that need all of them (schemas, AsyncAPI, compatibility).
 */
export const TOPIC_CONTRACTS: { readonly [K in TopicKey]: TopicContract & { readonly topic: K } } = {
  textLines: TEXT_LINES_CONTRACT,
  numbers: NUMBERS_CONTRACT,
  wordCounts: WORD_COUNTS_CONTRACT,
  wordAlerts: WORD_ALERTS_CONTRACT,
  wordTotals: WORD_TOTALS_CONTRACT,
  rollingMeans: ROLLING_MEANS_CONTRACT,
  rollingMeanState: ROLLING_MEAN_STATE_CONTRACT,
  textLinesDlq: TEXT_LINES_DLQ_CONTRACT,
  numbersDlq: NUMBERS_DLQ_CONTRACT,
  wordCountRepartition: WORD_COUNT_REPARTITION_CONTRACT,
  rollingMeanRepartition: ROLLING_MEAN_REPARTITION_CONTRACT,
};

/**
 * Where each topic's contract is defined: word-alerts shares word-counts' record, the DLQs one library,
 * and each internal topic lives with the state its stage keeps (word totals, rolling-mean windows).
 */
export const CONTRACT_LIBRARIES: { readonly [K in TopicKey]: string } = {
  textLines: 'contract-text-lines',
  numbers: 'contract-numbers',
  wordCounts: 'contract-word-counts',
  wordAlerts: 'contract-word-counts',
  wordTotals: 'contract-word-totals',
  rollingMeans: 'contract-rolling-means',
  rollingMeanState: 'contract-rolling-mean-state',
  textLinesDlq: 'contract-dlq',
  numbersDlq: 'contract-dlq',
  wordCountRepartition: 'contract-word-totals',
  rollingMeanRepartition: 'contract-rolling-mean-state',
};

/** The apps of the stack that write or read any of the topics, in APPS order. */
export function appsConcerned(topics: Iterable<TopicKey>): AppName[] {
  const concerned = new Set<AppName>();
  for (const topic of topics) {
    const contract: TopicContract = TOPIC_CONTRACTS[topic];
    for (const app of [...contract.producers, ...contract.consumers]) concerned.add(app);
  }
  return Object.values(APPS).filter((app) => concerned.has(app));
}
