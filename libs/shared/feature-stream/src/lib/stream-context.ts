import { BaseRpcContext } from '@nestjs/microservices';
import type { IHeaders, Message } from 'kafkajs';
import type { InputRecord, OutputMessage } from '@kstream/kafka';

/** What the transport hands a handler besides the payload: the record's place, its partition's task, and a way to write. */
type StreamArgs<T> = [record: InputRecord, task: T, emit: (output: OutputMessage) => void];

/**
 * The `@Ctx()` of a stream handler (`switchToRpc().getContext()` in a guard or interceptor): where the
 * record came from, the state of its partition (`task`, the stage's task for this partition, or
 * undefined for a stateless handler), and `emit`, which adds a record to the transaction that commits
 * this record's offset. Records emitted by an attempt that then throws are dropped with it.
 */
export class StreamContext<T = undefined> extends BaseRpcContext<StreamArgs<T>> {
  get record(): InputRecord {
    return this.args[0];
  }
  get topic(): string {
    return this.args[0].topic;
  }
  get partition(): number {
    return this.args[0].partition;
  }
  get offset(): string {
    return this.args[0].offset;
  }
  get key(): Buffer | null {
    return this.args[0].key;
  }
  get headers(): IHeaders {
    return this.args[0].headers;
  }
  get timestamp(): string {
    return this.args[0].timestamp;
  }
  /** The partition's state store: the task its stage created for this partition. */
  get task(): T {
    return this.args[1];
  }
  /**
   * Writes `message` to `topic` (a base name such as `TOPICS.wordAlerts`, or the deployed name) in
   * this record's transaction. The topic must be among the handler's declared outputs: the transport
   * settles every output topic of a restarted producer, so it must know them all before it starts.
   */
  emit(topic: string, message: Message): void {
    this.args[2]({ topic, message });
  }
}
