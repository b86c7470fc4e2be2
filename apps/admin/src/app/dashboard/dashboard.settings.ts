import { CONSUMER_GROUPS } from '@kstream/contracts-core';
import { DEFAULT_LIMITS, type DashboardLimits } from './dashboard-state';

/** DI token of the dashboard settings (tests override it to watch their own groups). */
export const DASHBOARD_SETTINGS = Symbol('DASHBOARD_SETTINGS');

export interface DashboardSettings {
  /** Consumer groups shown with their lag. */
  readonly groups: readonly string[];
  /** How often the page gets the folded records: the sampling period. */
  readonly pushIntervalMs: number;
  /** How often topics, groups, DLQs and health are read again while a page is open. */
  readonly overviewIntervalMs: number;
  /** The reader stops (and its group is deleted) this long after the last page closed. */
  readonly idleStopMs: number;
  /** Records re-read per partition when the reader starts, so a new page is not empty. */
  readonly tailPerPartition: number;
  /** Time allowed to ingest-producer for one forwarded line or number. */
  readonly ingestTimeoutMs: number;
  readonly limits: DashboardLimits;
}

export const DEFAULT_DASHBOARD_SETTINGS: DashboardSettings = {
  groups: [CONSUMER_GROUPS.wordCount, CONSUMER_GROUPS.rollingMean],
  pushIntervalMs: 500,
  overviewIntervalMs: 5_000,
  idleStopMs: 30_000,
  tailPerPartition: 40,
  ingestTimeoutMs: 10_000,
  limits: DEFAULT_LIMITS,
};
