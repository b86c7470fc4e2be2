import type { RegistrySettings } from '@kstream/data-access-registry';
/** DI token of the app's settings (threshold, group id, health staleness). */
export const WORD_COUNT_SETTINGS = Symbol('WORD_COUNT_SETTINGS');

export interface WordCountSettings {
  readonly threshold: number;
  readonly groupId: string;
  readonly healthStaleMs: number;
  /** This instance's HTTP address, advertised to the group for interactive queries. */
  readonly advertisedUrl?: string;
  /** A consumer per stage (CONSUMER_PER_STAGE=true) or one for both (default). */
  readonly consumerPerStage?: boolean;
  /** Called after a fatal engine error is logged: main.ts closes the app and exits 1. */
  readonly exitOnFatal?: () => void;
  /** The schema registry for Avro input and output (`SCHEMA_REGISTRY_URL`, `OUTPUT_FORMAT`); without one, an Avro record is dead-lettered. */
  readonly registry?: RegistrySettings;
  /** Test only: pause before each record (WORD_COUNT_PROCESSING_DELAY_MS). */
  readonly processingDelayMs?: number;
}
