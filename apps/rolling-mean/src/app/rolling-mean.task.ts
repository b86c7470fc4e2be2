import type { KafkaMessage } from 'kafkajs';
import { decodeNumber } from '@kstream/contract-numbers';
import type { WindowStateRecord } from '@kstream/contract-rolling-mean-state';
import type { RollingMeanRecord } from '@kstream/contract-rolling-means';
import { HEADERS, type TopicNames } from '@kstream/contracts-core';
import type { InputRecord, OutputMessage, StreamTask, TaskOutcome } from '@kstream/kafka';
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
 * The stream logic of one `numbers` partition, free of I/O: decode, push the value into
 * its series' window, publish the mean. The window of each series is written to
 * `rolling-mean-state` (key = series) in the partition with the same number as the input
 * partition, so a restore reads exactly one changelog partition. A series normally lives
 * in one input partition (its key); a JSON `series` that differs from the key would give
 * that series one independent window per input partition, since Kafka orders records
 * only within a partition.
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
    const decoded = decodeNumber({ key: input.key, value: input.value, headers: input.headers });
    if (!decoded.ok) return { kind: 'dead-letter', reason: decoded.violation.reason, error: decoded.violation.message };

    const { value, series, id } = decoded.value;
    const step = pushValue(this.windows.get(series) ?? EMPTY_WINDOW, value, this.windowSize);
    const record: RollingMeanRecord = {
      series,
      value,
      window: [...step.window],
      count: step.count,
      mean: step.mean,
      source: { topic: input.topic, partition: input.partition, offset: input.offset },
      processedAt: this.now().toISOString(),
    };
    // The only mutations, after everything that could throw.
    this.windows.set(series, { window: step.window, count: step.count });
    this.changed.add(series);
    return {
      kind: 'output',
      meta: { record },
      messages: [
        // The input's id travels as a header, so one number can be followed from ingest to its mean.
        {
          topic: this.topics.rollingMeans,
          message: { key: series, value: JSON.stringify(record), headers: { [HEADERS.id]: id ?? `${input.topic}-${input.partition}-${input.offset}` } },
        },
      ],
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
