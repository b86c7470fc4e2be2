import type { ExactlyOnceEngine } from './exactly-once-engine';
import { askOwner, homePartition } from './partition-owners';
import type { StreamStage, StreamTask } from './stream-task';

/** How a query for one key was answered: here, by the key's owner, or not at all for now. */
export type KeyAnswer<V> =
  | { readonly kind: 'local'; readonly partition: number; readonly value: V | undefined }
  | { readonly kind: 'remote'; readonly partition: number; readonly owner: string; readonly status: number; readonly body: unknown }
  | { readonly kind: 'unavailable'; readonly partition?: number; readonly reason: string };

export interface KeyQuery<M, T extends StreamTask<M>, V> {
  /** Undefined while the processor has not started (its transport not listening yet). */
  readonly engine: ExactlyOnceEngine | undefined;
  /** The stage that keeps the state (its input is partitioned by the key). */
  readonly stage: StreamStage<M, T>;
  readonly key: string;
  readonly read: (task: T) => V | undefined;
  /** The path the owner serves the same query under, e.g. `/series/temp`. */
  readonly path: string;
  /** The request came from another instance: answer from local state or not at all, never forward again. */
  readonly forwarded: boolean;
}

/**
 * Kafka Streams' interactive query for one key: the key's state lives in the task of partition
 * `murmur2(key) % n` of the stage's input, on whichever instance the group gave that partition.
 * Answer from local state when that is this instance; otherwise find the owner from the group's
 * assignment (each member advertises its HTTP address, see `advertisingAssigner`) and ask it.
 */
export async function queryKey<M, T extends StreamTask<M>, V>(query: KeyQuery<M, T, V>): Promise<KeyAnswer<V>> {
  const { engine, stage, key } = query;
  const count = engine?.partitionCount(stage.inputTopic);
  if (!engine || !count) return { kind: 'unavailable', reason: 'the processor has not started yet' };
  const partition = homePartition(key, count);
  const local = engine.localTask(stage, partition);
  if (local === 'restoring') return { kind: 'unavailable', partition, reason: `partition ${partition} is being restored on this instance` };
  if (local) return { kind: 'local', partition, value: query.read(local.task) };
  if (query.forwarded) return { kind: 'unavailable', partition, reason: `partition ${partition} is no longer on this instance (the group is rebalancing)` };
  const owner = await engine.findOwner(stage.inputTopic, partition).catch(() => undefined);
  if (!owner) return { kind: 'unavailable', partition, reason: `no instance owns partition ${partition} of ${stage.inputTopic} now (the group is rebalancing)` };
  if (!owner.endpoint) return { kind: 'unavailable', partition, reason: `partition ${partition} is owned by ${owner.clientId} on ${owner.clientHost}, which advertises no HTTP address` };
  try {
    const { status, body } = await askOwner(`${owner.endpoint.replace(/\/+$/, '')}${query.path}`);
    return { kind: 'remote', partition, owner: owner.endpoint, status, body };
  } catch (error) {
    return { kind: 'unavailable', partition, reason: (error as Error).message };
  }
}
