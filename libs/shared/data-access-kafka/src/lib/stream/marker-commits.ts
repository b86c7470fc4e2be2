import type { Consumer } from 'kafkajs';
import { errorMessage } from '../errors';
import type { EngineLogger } from './engine-options';
import type { PartitionState } from './partition-slot';

/** Past `lastOffset`: every entry up to it was processed or is one a consumer skips. */
export function advancePosition(state: PartitionState, lastOffset: string): void {
  const next = BigInt(lastOffset) + 1n;
  if (state.position === undefined || next > state.position) state.position = next;
}

/**
 * A topic written in transactions (the internal topics, or inputs from transactional producers) ends
 * in commit markers: they take offsets, a consumer skips them, and a committed offset just past the
 * last record leaves the group one or more behind the end for ever, so its lag never reads 0.
 * Kafka Streams commits the consumer's position, past the markers; the engine does the same for a
 * partition it has caught up on and that has no batch in hand, with a plain offset commit: nothing
 * but markers lies between the two offsets, and the consumer's generation fences a stale member.
 */
export function commitMarkers(consumer: Consumer, states: Iterable<PartitionState>, logger: EngineLogger): void {
  for (const state of states) {
    const { position, nextOffset } = state;
    if (!state.ready || state.busy || state.markerCommit || position === undefined || nextOffset === undefined || position <= nextOffset) continue;
    state.markerCommit = consumer
      .commitOffsets([{ topic: state.topic, partition: state.partition, offset: position.toString() }])
      .then(() => {
        if (state.nextOffset !== undefined && position > state.nextOffset) state.nextOffset = position;
      })
      .catch((error: unknown) => logger.warn(`${state.topic}-${state.partition}: committing the offset past its commit markers failed, will retry: ${errorMessage(error)}`))
      .finally(() => (state.markerCommit = undefined));
  }
}
