// The value classes use class-transformer's @Type, which reads design metadata.
import 'reflect-metadata';
import { DLQ_REASONS } from '../dlq/dlq-record';
import { DLQ_HEADERS, HEADERS, JSON_CONTENT_TYPE } from '../headers';
import { NumberEnvelope } from '../numbers/number.value';
import { WindowStateRecord } from '../rolling-mean-state/window-state.value';
import { RollingMeanRecord } from '../rolling-means/rolling-mean.value';
import { TextLineEnvelope } from '../text-lines/text-line.value';
import { CONSUMER_GROUPS, type TopicKey } from '../topics';
import { WordCountRecord } from '../word-counts/word-count.value';
import { WordTotal } from '../word-totals/word-total.value';

/** The apps of the stack, by the name they are served and deployed under. */
export const APPS = {
  ingestProducer: 'ingest-producer',
  wordCount: 'word-count',
  rollingMean: 'rolling-mean',
  admin: 'admin',
} as const;

export type AppName = (typeof APPS)[keyof typeof APPS];

/** A contract class: something class-validator can validate and the schema derivation can read. */
export type ContractClass = new () => object;

export interface KeyContract {
  /** A record without a key (null or empty) breaks the contract. */
  readonly required: boolean;
  readonly description: string;
  /** Name of the value field the key must equal, when there is one. */
  readonly equalsField?: string;
}

export type ValueContract =
  /** JSON written by an app of the stack, validated with its class. */
  | { readonly kind: 'json'; readonly cls: ContractClass; readonly description: string }
  /** An input topic: raw UTF-8 text from any client, or a JSON envelope marked by the content-type header. */
  | {
      readonly kind: 'text-or-json';
      readonly cls: ContractClass;
      readonly description: string;
      readonly raw: { readonly description: string; readonly pattern?: string };
    }
  /** A dead letter: the original value, byte for byte. */
  | { readonly kind: 'bytes'; readonly description: string };

export interface HeaderContract {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  readonly enum?: readonly string[];
  readonly pattern?: string;
}

/**
 * What a topic carries and who depends on it. `version` is raised on every change that
 * breaks a reader of the previous version (see docs/contracts.md); the compatibility test
 * compares the derived schema with the snapshot of the last released version.
 */
export interface TopicContract {
  readonly topic: TopicKey;
  readonly version: number;
  readonly summary: string;
  /** Apps of the stack that write the topic. */
  readonly producers: readonly AppName[];
  /** Apps of the stack that read it, with the consumer group when they use one. */
  readonly consumers: readonly AppName[];
  readonly consumerGroup?: string;
  /** Writers and readers outside the stack, named as ARCHITECTURE.md names them. */
  readonly externalProducers: readonly string[];
  readonly externalConsumers: readonly string[];
  readonly key: KeyContract;
  readonly value: ValueContract;
  readonly headers: readonly HeaderContract[];
}

const INPUT_HEADERS: readonly HeaderContract[] = [
  {
    name: HEADERS.contentType,
    required: false,
    description: `\`${JSON_CONTENT_TYPE}\` marks the JSON envelope; without it the value is raw UTF-8 text.`,
  },
  { name: HEADERS.id, required: false, description: 'Id of the input, used when the JSON envelope has none.' },
  { name: HEADERS.producedAt, required: false, description: 'When the producer built the record (ISO 8601); set by ingest-producer.' },
];

function dlqHeaders(service: AppName): readonly HeaderContract[] {
  return [
    { name: DLQ_HEADERS.reason, required: true, description: 'Why the record was refused.', enum: DLQ_REASONS },
    { name: DLQ_HEADERS.error, required: true, description: 'Human-readable error, at most 1024 characters.' },
    { name: DLQ_HEADERS.sourceTopic, required: true, description: 'Topic the record was read from.' },
    { name: DLQ_HEADERS.sourcePartition, required: true, description: 'Its partition.', pattern: '^[0-9]+$' },
    { name: DLQ_HEADERS.sourceOffset, required: true, description: 'Its offset (int64, decimal).', pattern: '^[0-9]+$' },
    { name: DLQ_HEADERS.service, required: true, description: 'The app that refused it.', enum: [service] },
    { name: DLQ_HEADERS.failedAt, required: true, description: 'When it was refused (ISO 8601).' },
  ];
}

const DLQ_VALUE: ValueContract = {
  kind: 'bytes',
  description: 'The original value, byte for byte; the original key and headers are kept as well.',
};

/** One contract per topic of ARCHITECTURE.md. */
export const TOPIC_CONTRACTS: { readonly [K in TopicKey]: TopicContract & { readonly topic: K } } = {
  textLines: {
    topic: 'textLines',
    version: 1,
    summary: 'Lines of text to count words in.',
    producers: [APPS.ingestProducer, APPS.admin],
    consumers: [APPS.wordCount],
    consumerGroup: CONSUMER_GROUPS.wordCount,
    externalProducers: ['any Kafka client'],
    externalConsumers: [],
    key: { required: false, description: 'Optional; copied to the word-counts and word-alerts records of the line.' },
    value: {
      kind: 'text-or-json',
      cls: TextLineEnvelope,
      description: 'A line of text.',
      raw: { description: 'Raw UTF-8 text; one trailing newline is dropped; empty lines are refused.' },
    },
    headers: INPUT_HEADERS,
  },
  numbers: {
    topic: 'numbers',
    version: 1,
    summary: 'Numbers of a series, for the rolling mean.',
    producers: [APPS.ingestProducer, APPS.admin],
    consumers: [APPS.rollingMean],
    consumerGroup: CONSUMER_GROUPS.rollingMean,
    externalProducers: ['any Kafka client'],
    externalConsumers: [],
    key: { required: false, description: 'The series, unless the JSON envelope names one; `default` when neither does.' },
    value: {
      kind: 'text-or-json',
      cls: NumberEnvelope,
      description: 'A finite number.',
      raw: {
        description: 'A decimal number with optional surrounding whitespace (`4`, ` 3.5\\n`, `-2e3`).',
        pattern: '^\\s*[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?\\s*$',
      },
    },
    headers: INPUT_HEADERS,
  },
  wordCounts: {
    topic: 'wordCounts',
    version: 1,
    summary: 'One record per input line: its word count.',
    producers: [APPS.wordCount],
    consumers: [APPS.admin],
    externalProducers: [],
    externalConsumers: ['users'],
    key: { required: false, description: 'The key of the input line.' },
    value: { kind: 'json', cls: WordCountRecord, description: 'The word count of one line.' },
    headers: [],
  },
  wordAlerts: {
    topic: 'wordAlerts',
    version: 1,
    summary: 'The word-counts records whose count is over the threshold (`alert` is true).',
    producers: [APPS.wordCount],
    consumers: [APPS.admin],
    externalProducers: [],
    externalConsumers: ['users'],
    key: { required: false, description: 'The key of the input line.' },
    value: { kind: 'json', cls: WordCountRecord, description: 'The word count of one line over the threshold.' },
    headers: [],
  },
  wordTotals: {
    topic: 'wordTotals',
    version: 1,
    summary: 'Running count per word (compacted).',
    producers: [APPS.wordCount],
    consumers: [APPS.admin],
    externalProducers: [],
    externalConsumers: ['users'],
    key: { required: true, description: 'The normalised (lower-case) word.', equalsField: 'word' },
    value: { kind: 'json', cls: WordTotal, description: 'The running count of a word.' },
    headers: [],
  },
  rollingMeans: {
    topic: 'rollingMeans',
    version: 1,
    summary: 'One record per input number: the window and its mean.',
    producers: [APPS.rollingMean],
    consumers: [APPS.admin],
    externalProducers: [],
    externalConsumers: ['users'],
    key: { required: true, description: 'The series.', equalsField: 'series' },
    value: { kind: 'json', cls: RollingMeanRecord, description: 'The rolling mean after one number.' },
    headers: [{ name: HEADERS.id, required: false, description: 'Id of the input number (its envelope id, its `id` header, else `<topic>-<partition>-<offset>`), to follow it through the stack; rolling-mean always sets it, records written before it did have none.' }],
  },
  rollingMeanState: {
    topic: 'rollingMeanState',
    version: 1,
    summary: 'Changelog of the rolling-mean windows (compacted), read back on start.',
    producers: [APPS.rollingMean],
    consumers: [APPS.rollingMean],
    externalProducers: [],
    externalConsumers: [],
    key: { required: true, description: 'The series.', equalsField: 'series' },
    value: { kind: 'json', cls: WindowStateRecord, description: 'The window of a series.' },
    headers: [],
  },
  textLinesDlq: {
    topic: 'textLinesDlq',
    version: 1,
    summary: 'text-lines records word-count could not process.',
    producers: [APPS.wordCount],
    consumers: [APPS.admin],
    externalProducers: [],
    externalConsumers: [],
    key: { required: false, description: 'The original key.' },
    value: DLQ_VALUE,
    headers: dlqHeaders(APPS.wordCount),
  },
  numbersDlq: {
    topic: 'numbersDlq',
    version: 1,
    summary: 'numbers records rolling-mean could not process.',
    producers: [APPS.rollingMean],
    consumers: [APPS.admin],
    externalProducers: [],
    externalConsumers: [],
    key: { required: false, description: 'The original key.' },
    value: DLQ_VALUE,
    headers: dlqHeaders(APPS.rollingMean),
  },
};

/** Every party that depends on a topic, apps first: what an error message about the topic names. */
export function partiesOf(contract: TopicContract): { writers: string[]; readers: string[] } {
  return {
    writers: [...contract.producers, ...contract.externalProducers],
    readers: [...contract.consumers, ...contract.externalConsumers],
  };
}

export function describeParties(contract: TopicContract): string {
  const { writers, readers } = partiesOf(contract);
  return `written by ${writers.join(', ') || 'nobody'}; read by ${readers.join(', ') || 'nobody'}`;
}

/** The apps of the stack that write or read any of the topics, in APPS order. */
export function appsConcerned(topics: Iterable<TopicKey>): AppName[] {
  const concerned = new Set<AppName>();
  for (const topic of topics) {
    const contract: TopicContract = TOPIC_CONTRACTS[topic];
    for (const app of [...contract.producers, ...contract.consumers]) concerned.add(app);
  }
  return Object.values(APPS).filter((app) => concerned.has(app));
}
