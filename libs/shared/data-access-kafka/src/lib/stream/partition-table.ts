import { AnswerCheck } from '../client/answer-check';
import { slotKey, type PartitionState, type Slot } from './partition-slot';
import type { AnyStage, StreamStage, StreamTask } from './stream-task';

/**
 * The partitions this instance owns (`assigned`, as of the last group join) and the state it keeps
 * for each (`states`: task, producer, offsets), by slot key. The engine decides when they change;
 * this answers what they are.
 */
export class PartitionTable {
  readonly states = new Map<string, PartitionState>();
  assigned = new Map<string, Slot>();

  constructor(private readonly groupId: string) {}

  /**
   * A join's assignment. Every state is marked not ready (the engine cannot know what another
   * member did with a partition in between); the state of a partition no longer owned is dropped,
   * its producer closed. Returns the keys dropped.
   */
  assign(stages: ReadonlyMap<string, AnyStage>, assignment: Record<string, number[] | undefined>): string[] {
    this.assigned = new Map();
    for (const [topic, stage] of stages) {
      for (const partition of assignment[topic] ?? []) this.assigned.set(slotKey(topic, partition), { stage, topic, partition });
    }
    const dropped: string[] = [];
    for (const [key, state] of this.states) {
      state.ready = false;
      if (!this.assigned.has(key)) {
        void this.dropProducer(key);
        this.states.delete(key);
        dropped.push(key);
      }
    }
    return dropped;
  }

  /** The state of an assigned slot, created on first use. */
  state(key: string): PartitionState {
    let state = this.states.get(key);
    if (!state) {
      const slot = this.assigned.get(key);
      if (!slot) throw new Error(`${key.replace('\u0000', '-')} is not assigned to this instance`);
      state = { ...slot, ready: false, busy: false, failures: 0, answers: new AnswerCheck() };
      this.states.set(key, state);
    }
    return state;
  }

  /** Assigned slots whose state is not ready: to fence and restore. */
  notReady(): string[] {
    return [...this.assigned.keys()].filter((key) => !this.states.get(key)?.ready);
  }

  /** `${group}-${topic}-${partition}`: stable across restarts and owners, so the next owner's InitProducerId fences the last. */
  transactionalId(slot: Slot): string {
    return `${this.groupId}-${slot.topic}-${slot.partition}`;
  }

  describe(key: string): string {
    const slot = this.states.get(key) ?? this.assigned.get(key);
    return slot ? `${slot.topic}-${slot.partition}` : key;
  }

  /** Forgets the task and closes the producer: the next batch fences and restores again. */
  async invalidate(key: string): Promise<void> {
    const state = this.states.get(key);
    if (!state) return;
    state.ready = false;
    state.task = undefined;
    await this.dropProducer(key);
  }

  async dropProducer(key: string): Promise<void> {
    const state = this.states.get(key);
    const producer = state?.producer;
    if (!state || !producer) return;
    state.producer = undefined;
    await producer.disconnect().catch(() => undefined);
  }

  /** Closes every producer and forgets every state (the engine stopped). */
  async clear(): Promise<void> {
    await Promise.all([...this.states.keys()].map((key) => this.dropProducer(key)));
    this.states.clear();
  }

  /** Owned partitions per stage input topic, sorted. */
  byTopic(topics: Iterable<string>): Record<string, number[]> {
    const stages: Record<string, number[]> = {};
    for (const topic of topics) stages[topic] = [];
    for (const { topic, partition } of this.assigned.values()) stages[topic].push(partition);
    for (const list of Object.values(stages)) list.sort((a, b) => a - b);
    return stages;
  }

  /** Ready partitions of `topic`, sorted. */
  ready(topic: string): number[] {
    return [...this.states.values()].filter((s) => s.ready && s.topic === topic).map((s) => s.partition).sort((a, b) => a - b);
  }

  /** Owned slots not yet fenced and restored, as `topic-partition`. */
  restoring(): string[] {
    return [...this.assigned].filter(([key]) => !this.states.get(key)?.ready).map(([, slot]) => `${slot.topic}-${slot.partition}`).sort();
  }

  /** The restored tasks of `stage` on the partitions this instance owns now, by partition. */
  tasksOf<M, T extends StreamTask<M>>(stage: StreamStage<M, T>): Map<number, T> {
    const result = new Map<number, T>();
    for (const [key, state] of this.states) {
      if (state.topic === stage.inputTopic && state.ready && state.task && this.assigned.has(key)) result.set(state.partition, state.task as unknown as T);
    }
    return result;
  }

  /** The task for `partition` of the stage's input when owned and restored; `restoring` while being prepared; undefined when another member owns it. */
  localTask<M, T extends StreamTask<M>>(stage: StreamStage<M, T>, partition: number): { task: T } | 'restoring' | undefined {
    const key = slotKey(stage.inputTopic, partition);
    if (!this.assigned.has(key)) return undefined;
    const state = this.states.get(key);
    return state?.ready && state.task ? { task: state.task as unknown as T } : 'restoring';
  }
}
