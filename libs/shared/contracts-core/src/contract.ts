import type { Decoded } from './common/decode-result';
import type { RawRecord } from './common/raw-record';
import { DLQ_REASONS } from './dlq-headers';
import { DLQ_HEADERS, HEADERS, JSON_CONTENT_TYPE } from './headers';
import type { TopicKey } from './topics';

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
      /** The topic's decoder: what its consumer accepts, in both wire forms. */
      readonly decode: (record: RawRecord) => Decoded<unknown>;
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

/** A rule tying fields of a valid value together; returns the problem, or undefined when it holds. */
export interface ValueRule {
  readonly field: string;
  readonly check: (value: Record<string, unknown>) => string | undefined;
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
  /** Writers and readers outside the stack, named as docs/architecture.md names them. */
  readonly externalProducers: readonly string[];
  readonly externalConsumers: readonly string[];
  readonly key: KeyContract;
  readonly value: ValueContract;
  readonly headers: readonly HeaderContract[];
  readonly rules?: readonly ValueRule[];
  /** For a dead-letter topic: the input its records come from, and where a redrive sends them (checked against `dlq-source-topic`). */
  readonly deadLetterOf?: TopicKey;
  /**
   * For a dead-letter topic: internal topics its consumer reads and dead-letters here as well. A
   * dead letter from one of them came out of the stack's own first stage, so it is never redriven.
   */
  readonly alsoDeadLetterOf?: readonly TopicKey[];
  /** Written and read by one app only, between its stages: never where results are read. */
  readonly internal?: boolean;
}

/** Headers of the input topics, whoever writes them. */
export const INPUT_HEADERS: readonly HeaderContract[] = [
  {
    name: HEADERS.contentType,
    required: false,
    description: `\`${JSON_CONTENT_TYPE}\` marks the JSON envelope; without it the value is raw UTF-8 text.`,
  },
  { name: HEADERS.id, required: false, description: 'Id of the input, used when the JSON envelope has none.' },
  { name: HEADERS.producedAt, required: false, description: 'When the producer built the record (ISO 8601); set by ingest-producer.' },
];

/** Headers of a dead letter written by `service`. */
export function deadLetterHeaders(service: AppName): readonly HeaderContract[] {
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
