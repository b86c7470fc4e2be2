import { decodeNumber } from '@kstream/contract-numbers';
import type { SeriesNumber } from '@kstream/contract-rolling-mean-state';
import type { TopicNames } from '@kstream/contracts-core';
import type { InputRecord, StreamTask, TaskOutcome } from '@kstream/kafka';

/** What the first stage reports of a number: its series (the key it was re-keyed by). */
export interface SeriesRouted {
  readonly series: string;
}

/**
 * The first stage of rolling-mean, for one `numbers` partition, free of I/O and of state: decode
 * the number, find its series (JSON `series`, else the key, else `default`) and write it to
 * `rolling-mean-series-repartition` keyed by the series. The producer's murmur2 partitioner puts
 * every number of a series in one partition there, whatever partition, partitioner or key the
 * original producer used, and `RollingMeanTask` keeps the window of the series there (Kafka
 * Streams' `selectKey` → repartition). The numbers of one input partition keep their order: one
 * producer per input partition writes them in offset order into one repartition partition.
 */
export class NumbersTask implements StreamTask<SeriesRouted> {
  constructor(
    readonly partition: number,
    private readonly topics: TopicNames,
  ) {}

  process(input: InputRecord): TaskOutcome<SeriesRouted> {
    const decoded = decodeNumber({ key: input.key, value: input.value, headers: input.headers });
    if (!decoded.ok) return { kind: 'dead-letter', reason: decoded.violation.reason, error: decoded.violation.message };
    const { value, series, id } = decoded.value;
    const routed: SeriesNumber = {
      series,
      value,
      id: id ?? `${input.topic}-${input.partition}-${input.offset}`,
      source: { topic: input.topic, partition: input.partition, offset: input.offset },
    };
    return {
      kind: 'output',
      meta: { series },
      // The input's timestamp travels on, as in Kafka Streams: the mean's latency is measured from the number's.
      messages: [{ topic: this.topics.rollingMeanRepartition, message: { key: series, value: JSON.stringify(routed), timestamp: input.timestamp } }],
    };
  }
}
