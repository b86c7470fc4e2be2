import type { DlqReason } from '@kstream/contracts-core';
import { KstreamError } from '../errors';

/** kafkajs errors that mean the group is rebalancing: the batch in hand is given up and comes again after the join. */
const REBALANCE_ERRORS = new Set(['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'NOT_COORDINATOR', 'UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION']);
export const isRebalanceError = (error: unknown) =>
  typeof error === 'object' && error !== null && REBALANCE_ERRORS.has(String((error as { type?: unknown }).type));

/** A batch given up before its commit because the group rebalanced or the engine is stopping. */
export class StaleBatch extends KstreamError {
  /** Where the batch stopped: before its transaction began, or inside it (then aborted). */
  constructor(readonly where: 'before' | 'inside' = 'before') {
    super('the batch went stale (rebalance or shutdown)', true);
    this.name = 'StaleBatch';
  }
}

/** State written per original input partition by an earlier version: it cannot be read per key. */
export class StateLayoutError extends KstreamError {
  constructor(groupId: string, topic: string, found: { key: string; partition: number; home: number }) {
    super(
      `${topic} holds state in a layout this version does not read: key ${JSON.stringify(found.key.slice(0, 100))} is in partition ${found.partition}, ` +
        `but state is now kept per key, in the partition of the key's hash (${found.home}). It was written by an earlier version that kept ` +
        `one state per input partition. Stop every ${groupId} instance, delete the topic ${topic} and the group ${groupId} (the stack's ` +
        'provisioning creates the topic again), then start: the processor rebuilds its state from the input records still retained, and ' +
        'writes their results again. See "Upgrading from per-partition state" in the README.',
      false,
    );
    this.name = 'StateLayoutError';
  }
}

/**
 * Thrown by a task (or a handler, a pipe, an exception filter) for a record that no retry can fix:
 * the engine dead-letters it at once with this reason, where any other error is retried first.
 */
export class DeadLetterError extends KstreamError {
  constructor(
    readonly reason: DlqReason,
    message: string,
  ) {
    super(message, false);
    this.name = 'DeadLetterError';
  }
}
