import { CompressionTypes, type EachBatchPayload, type KafkaMessage, type Producer, type Transaction } from 'kafkajs';
import { errorMessage } from '../errors';
import { DeadLetterError, isRebalanceError, StaleBatch } from './engine-errors';
import type { EngineLogger } from './engine-options';
import { byTopic, chunks, deadLetterOf, MAX_DLQ_VALUE_BYTES, MAX_SEND_BYTES, messageBytes, toInput } from './outputs';
import type { PartitionState } from './partition-slot';
import type { AnyStage, InputRecord, OutputMessage, StreamTask, TaskOutcome } from './stream-task';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a slice's transaction needs besides the records: the engine's settings for it. */
export interface SliceSettings {
  readonly groupId: string;
  readonly dlqTopic: string;
  readonly service: string;
  readonly logger: EngineLogger;
  readonly maxProcessAttempts: number;
  readonly retryBackoffMs: number;
  readonly sendChunkSize: number;
  readonly processingDelayMs?: number;
  readonly processingDelayTopic?: string;
  readonly encodeOutput?: (output: OutputMessage) => OutputMessage;
}

export interface CommittedSlice {
  readonly results: { record: InputRecord; outcome: TaskOutcome<unknown> }[];
  /** The offset committed with the slice: the next record of the partition. */
  readonly next: string;
}

/**
 * Process → produce → sendOffsets → commit for consecutive records of one partition, in one
 * transaction. Throws `StaleBatch` when a rebalance or a stop overtakes it, and whatever the
 * broker answered when the transaction fails; either way it has aborted what it began. The caller
 * decides what a failure costs (it throws the task and the producer away).
 */
export async function commitSlice(
  settings: SliceSettings,
  payload: EachBatchPayload,
  state: PartitionState,
  task: StreamTask<unknown>,
  producer: Producer,
  messages: KafkaMessage[],
): Promise<CommittedSlice> {
  const { heartbeat, isRunning, isStale } = payload;
  const { partition: p, topic, stage } = state;
  // Outputs in their wire form. One it cannot encode is a defect of the deployment (the schema and
  // the task disagree), not of the record: the state has moved already, so the transaction fails
  // (the task is restored from its changelog), is retried, and the engine finally stops, loudly.
  const encode = settings.encodeOutput;
  let transaction: Transaction | undefined;
  // kafkajs heartbeats only when asked (kafkajs#1083): a handler slower than the session timeout
  // would lose the member mid-batch, and the group would rebalance, redeliver the batch and lose
  // it again, for ever. So heartbeat on a timer while the batch is in hand; a heartbeat that
  // reports a rebalance ends the batch before its commit.
  let rebalancing = false;
  const beat = setInterval(() => void heartbeat().catch((error: unknown) => (rebalancing ||= isRebalanceError(error))), 1000);
  try {
    const results: { record: InputRecord; outcome: TaskOutcome<unknown> }[] = [];
    const outputs: OutputMessage[] = [];
    for (const [i, message] of messages.entries()) {
      if (!isRunning() || isStale() || rebalancing) throw new StaleBatch();
      if (settings.processingDelayMs && (settings.processingDelayTopic ?? topic) === topic) await sleep(settings.processingDelayMs);
      const record = toInput(topic, p, message);
      // A pure task's first attempt is synchronous; only a promise (a handler) or a throwing record pays for awaits.
      let outcome: TaskOutcome<unknown>;
      try {
        const processed = processRecord(stage, task, record);
        outcome = processed instanceof Promise ? await processed : processed;
      } catch (error) {
        outcome = await retryProcess(settings, stage, task, record, error);
      }
      results.push({ record, outcome });
      if (outcome.kind === 'dead-letter') outputs.push(deadLetterOf(record, outcome, settings.dlqTopic, settings.service));
      else for (const output of outcome.messages) outputs.push(encode ? encode(output) : output);
      if (i % 200 === 199) await heartbeat();
    }
    // The state this slice changed, one record per key (changelogs, totals, repartitioned
    // aggregates), in the same transaction.
    if (task.flush) for (const output of task.flush()) outputs.push(encode ? encode(output) : output);

    transaction = await producer.transaction();
    const large = outputs.filter((o) => messageBytes(o.message) > MAX_DLQ_VALUE_BYTES);
    const regular = large.length === 0 ? outputs : outputs.filter((o) => !large.includes(o));
    for (const chunk of chunks(regular, settings.sendChunkSize, MAX_SEND_BYTES)) {
      state.answers.check(await transaction.sendBatch({ topicMessages: byTopic(chunk) }));
      await heartbeat();
    }
    for (const output of large) state.answers.check(await transaction.send({ topic: output.topic, messages: [output.message], compression: CompressionTypes.GZIP }));
    const next = (BigInt(messages[messages.length - 1].offset) + 1n).toString();
    await transaction.sendOffsets({ consumerGroupId: settings.groupId, topics: [{ topic, partitions: [{ partition: p, offset: next }] }] });
    if (!isRunning() || isStale() || rebalancing) throw new StaleBatch();
    await transaction.commit();
    transaction = undefined;
    return { results, next };
  } catch (error) {
    if (transaction) await transaction.abort().catch(() => undefined);
    // Which side of its transaction a stale batch stopped on, for the log.
    if (error instanceof StaleBatch) throw new StaleBatch(transaction === undefined ? 'before' : 'inside');
    throw error;
  } finally {
    clearInterval(beat);
  }
}

/** One record through the stage's dispatch (a Nest handler) or, for a pure stage, its task. */
function processRecord(stage: AnyStage, task: StreamTask<unknown>, record: InputRecord): TaskOutcome<unknown> | Promise<TaskOutcome<unknown>> {
  return stage.dispatch ? stage.dispatch(record, task) : task.process(record);
}

/** After the first attempt threw: retry with backoff, bounded, then dead-letter. A `DeadLetterError` is not retried. */
async function retryProcess(settings: SliceSettings, stage: AnyStage, task: StreamTask<unknown>, record: InputRecord, firstError: unknown): Promise<TaskOutcome<unknown>> {
  let error = firstError;
  for (let attempt = 1; attempt < settings.maxProcessAttempts && !(error instanceof DeadLetterError); attempt++) {
    await sleep(settings.retryBackoffMs * 2 ** (attempt - 1));
    try {
      return await processRecord(stage, task, record);
    } catch (next) {
      error = next;
    }
  }
  if (error instanceof DeadLetterError) return { kind: 'dead-letter', reason: error.reason, error: error.message };
  settings.logger.error(`${record.topic}/${record.partition}@${record.offset}: processing failed ${settings.maxProcessAttempts} times, dead-lettering: ${errorMessage(error)}`);
  return { kind: 'dead-letter', reason: 'processing-failed', error: errorMessage(error) };
}
