import type { KafkaMessage } from 'kafkajs';
import type { SeriesNumber, WindowStateRecord } from '@kstream/contract-rolling-mean-state';
import type { RollingMeanRecord } from '@kstream/contract-rolling-means';
import { HEADERS, type TopicNames } from '@kstream/contracts-core';
import { internalJson, type InputRecord, type OutputMessage, type StreamTask, type TaskOutcome } from '@kstream/kafka';
import { EMPTY_WINDOW, meanOf, pushValue, type WindowState } from '@kstream/util-window';

export interface RollingMeanMeta {
  readonly record: RollingMeanRecord;
}

export interface SeriesView {
  readonly series: string;
  readonly window: readonly number[];
  readonly count: number;
  readonly mean: number | null;
}

/**
 * The second stage of rolling-mean, for one partition of `rolling-mean-series-repartition`: every
 * number of a series arrives here, in the order it reached this partition, whichever `numbers`
 * partition, partitioner or key its producer used, so the series has exactly one window. Push the
 * value, publish the mean to `rolling-means` (keyed by the series); the windows that changed go
 * to `rolling-mean-state` (compacted, key = series) in the partition with this task's number,
 * once per transaction: that is where the Java client's murmur2 of the series puts it, and what a
 * restore reads.
 */
export class RollingMeanTask implements StreamTask<RollingMeanMeta> {
  readonly windows = new Map<string, WindowState>();
  /** Series whose window changed since the last flush: one changelog record per transaction, not per number. */
  private readonly changed = new Set<string>();

  constructor(
    readonly partition: number,
    private readonly topics: TopicNames,
    private readonly windowSize: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  restore(message: KafkaMessage): void {
    if (!message.value) return;
    const state = JSON.parse(message.value.toString('utf8')) as WindowStateRecord;
    if (typeof state.series === 'string' && Array.isArray(state.window) && Number.isInteger(state.count)) {
      this.windows.set(state.series, { window: state.window.slice(-this.windowSize), count: state.count });
    }
  }

  process(input: InputRecord): TaskOutcome<RollingMeanMeta> {
    const parsed = parseSeriesNumber(input);
    if (typeof parsed === 'string') return { kind: 'dead-letter', reason: 'contract-violation', error: parsed };

    const { value, series, id, source } = parsed;
    const step = pushValue(this.windows.get(series) ?? EMPTY_WINDOW, value, this.windowSize);
    const record: RollingMeanRecord = {
      series,
      value,
      window: [...step.window],
      count: step.count,
      mean: step.mean,
      source,
      processedAt: this.now().toISOString(),
    };
    // The only mutations, after everything that could throw.
    this.windows.set(series, { window: step.window, count: step.count });
    this.changed.add(series);
    return {
      kind: 'output',
      meta: { record },
      // The input's id travels as a header, so one number can be followed from ingest to its mean.
      messages: [{ topic: this.topics.rollingMeans, message: { key: series, value: JSON.stringify(record), headers: { [HEADERS.id]: id } }, body: record }],
    };
  }

  /** The window of every series that changed since the last flush, to its rolling-mean-state partition (the changelog). */
  flush(): OutputMessage[] {
    const messages: OutputMessage[] = [];
    for (const series of this.changed) {
      const current = this.windows.get(series);
      if (!current) continue;
      const state: WindowStateRecord = { series, window: [...current.window], count: current.count };
      messages.push({ topic: this.topics.rollingMeanState, message: { key: series, value: JSON.stringify(state), partition: this.partition } });
    }
    this.changed.clear();
    return messages;
  }

  view(series: string): SeriesView | undefined {
    const state = this.windows.get(series);
    if (!state) return undefined;
    return { series, window: state.window, count: state.count, mean: state.window.length === this.windowSize ? meanOf(state.window) : null };
  }

  all(): SeriesView[] {
    return [...this.windows.keys()].flatMap((series) => this.view(series) ?? []);
  }
}

/**
 * The repartition topic is written by the first stage only, so a bad record there means someone
 * else wrote to an internal topic: it is dead-lettered like bad input. Checked by hand, not with
 * the contract class, because this runs once per number on the hot path.
 */
function parseSeriesNumber(input: InputRecord): SeriesNumber | string {
  const parsed = internalJson<SeriesNumber>(input);
  if (typeof parsed === 'string') return parsed;
  const { series, value, id, source } = parsed;
  if (typeof series !== 'string' || series.length === 0) return 'series: must be a non-empty string';
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'value: must be a finite number';
  if (typeof id !== 'string' || id.length === 0) return 'id: must be a non-empty string';
  if (typeof source !== 'object' || source === null || typeof source.topic !== 'string' || !Number.isInteger(source.partition) || typeof source.offset !== 'string') {
    return 'source: must be {topic, partition, offset}';
  }
  if (input.key?.toString('utf8') !== series) return 'key: must equal series';
  return { series, value, id, source: { topic: source.topic, partition: source.partition, offset: source.offset } };
}
