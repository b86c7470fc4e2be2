import type { IHeaders } from 'kafkajs';
import { homePartition } from '../lib/stream/partition-owners';
import type { AnyStage, InputRecord, OutputMessage, StreamStage, StreamTask, TaskOutcome } from '../lib/stream/stream-task';

/** A record as a topic holds it in the harness: what a task gets, but its timestamp. */
export type HarnessRecord = Omit<InputRecord, 'timestamp'>;

const toBuffer = (value: OutputMessage['message']['value'] | OutputMessage['message']['key']): Buffer | null =>
  value === null || value === undefined ? null : typeof value === 'string' ? Buffer.from(value) : value;

/**
 * A topology's tasks wired together in memory, without a broker: what a stage writes to another
 * stage's input is placed as the engine's producer places it (its pinned partition, else the
 * Java client's murmur2 of the key) and processed by that partition's task. Each `send` is one
 * transaction: the stage's tasks are flushed after the record. For unit tests of a processor's
 * logic across its stages; the engine's own guarantees are tested on a real broker.
 */
export class TopologyHarness {
  readonly topics = new Map<string, HarnessRecord[]>();
  readonly deadLetters: { record: InputRecord; outcome: Extract<TaskOutcome<unknown>, { kind: 'dead-letter' }> }[] = [];
  private readonly tasks = new Map<string, Map<number, StreamTask<unknown>>>();
  private readonly offsets = new Map<string, number>();

  constructor(
    private readonly stages: readonly AnyStage[],
    private readonly partitionCount = 3,
  ) {}

  /** The task of `stage` for `partition` (created on first use, as the engine does on assignment). */
  task<M, T extends StreamTask<M>>(stage: StreamStage<M, T>, partition: number): T {
    return this.taskOf(stage as unknown as AnyStage, partition) as unknown as T;
  }

  /** Writes a record to partition `partition` of a stage's input topic, as a producer outside the stack would, and runs the topology on it. */
  send(topic: string, partition: number, record: { key?: string | Buffer | null; value: string | Buffer | null; headers?: IHeaders }): void {
    this.deliver(this.append(topic, partition, { key: toBuffer(record.key ?? null), value: toBuffer(record.value), headers: record.headers ?? {} }));
  }

  /** Every record of a topic, in the order the harness appended them. */
  read(topic: string): HarnessRecord[] {
    return this.topics.get(topic) ?? [];
  }

  private deliver(record: HarnessRecord): void {
    const stage = this.stages.find((s) => s.inputTopic === record.topic);
    if (!stage) return;
    const task = this.taskOf(stage, record.partition);
    const input: InputRecord = { ...record, timestamp: String(Date.now()) };
    const outcome = task.process(input);
    const outputs: OutputMessage[] = outcome.kind === 'output' ? [...outcome.messages] : [];
    if (outcome.kind === 'dead-letter') this.deadLetters.push({ record: input, outcome });
    if (task.flush) outputs.push(...task.flush());
    for (const output of outputs) {
      const key = toBuffer(output.message.key);
      const partition = output.message.partition ?? (key ? homePartition(key, this.partitionCount) : 0);
      this.deliver(this.append(output.topic, partition, { key, value: toBuffer(output.message.value), headers: output.message.headers ?? {} }));
    }
  }

  private append(topic: string, partition: number, record: Pick<HarnessRecord, 'key' | 'value' | 'headers'>): HarnessRecord {
    const slot = `${topic}-${partition}`;
    const offset = this.offsets.get(slot) ?? 0;
    this.offsets.set(slot, offset + 1);
    const stored: HarnessRecord = { topic, partition, offset: String(offset), ...record };
    const list = this.topics.get(topic) ?? [];
    list.push(stored);
    this.topics.set(topic, list);
    return stored;
  }

  private taskOf(stage: AnyStage, partition: number): StreamTask<unknown> {
    let byPartition = this.tasks.get(stage.inputTopic);
    if (!byPartition) this.tasks.set(stage.inputTopic, (byPartition = new Map()));
    let task = byPartition.get(partition);
    if (!task) byPartition.set(partition, (task = stage.createTask(partition)));
    return task;
  }
}
