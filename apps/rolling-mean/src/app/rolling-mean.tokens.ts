import type { RegistrySettings } from '@kstream/data-access-registry';
/** DI token of the app's settings (window size, group id, health staleness). */
export const ROLLING_MEAN_SETTINGS = Symbol('ROLLING_MEAN_SETTINGS');

export interface RollingMeanSettings {
  readonly windowSize: number;
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
}
