import type { Producer } from 'kafkajs';
import type { AnswerCheck } from '../client/answer-check';
import type { AnyStage, StreamTask } from './stream-task';

/** A task's place: one partition of one stage's input topic. */
export interface Slot {
  readonly stage: AnyStage;
  readonly topic: string;
  readonly partition: number;
}

export interface PartitionState extends Slot {
  task?: StreamTask<unknown>;
  producer?: Producer;
  /** The producer's answers so far: a batch answered with an earlier batch's offset was dropped (finding 9). */
  answers: AnswerCheck;
  /** The committed offset: the next record this partition must process. Undefined when the group has none yet. */
  nextOffset?: bigint;
  /** Past the last entry kafkajs delivered or skipped, commit markers included (END_BATCH_PROCESS). */
  position?: bigint;
  /** A batch of this partition is in hand: no marker commit may run beside its transaction. */
  busy: boolean;
  markerCommit?: Promise<void>;
  ready: boolean;
  failures: number;
}

/** The map key of a slot. */
export const slotKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;
