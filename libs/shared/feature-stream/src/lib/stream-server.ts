import { Logger, type LoggerService } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type Deserializer, type MessageHandler, type Serializer } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { TopicNames } from '@kstream/contracts-core';
import {
  combinedStatus,
  ExactlyOnceEngine,
  type AnyStage,
  type EngineStatus,
  type EngineStatusEvent,
  type ExactlyOnceEngineOptions,
  type InputRecord,
  type OutputMessage,
  type StreamStage,
  type StreamTask,
  type TaskOutcome,
} from '@kstream/kafka';
import { errorOf, outcomeOf } from './handler-outcome';
import { StreamContext } from './stream-context';
import { topicResolver } from './topic-resolver';

/** Nest's status stream of this transport: the engine's consumer as it joins, rebalances, crashes and stops. */
export type StreamStatus = EngineStatusEvent;

/** What `@EventPattern(topic, extras)` may declare for a stateless handler. */
export interface StreamHandlerExtras {
  /** Topics the handler writes (base or deployed names); see `StreamContext.emit`. */
  readonly outputs?: readonly string[];
}

/**
 * Nest's serializer step for what the handlers and tasks write: each output record in its wire
 * form (`AvroOutputSerializer`). It is synchronous, since it runs for every record inside the
 * transaction; `start`, when there is one, runs before the consumer joins (to register schemas).
 */
export interface OutputSerializer extends Serializer<OutputMessage, OutputMessage> {
  serialize(output: OutputMessage): OutputMessage;
  start?(): Promise<void>;
}

export interface StreamServerOptions
  extends Omit<ExactlyOnceEngineOptions, 'stages' | 'onStatus' | 'logger' | 'encodeOutput'> {
  /** The deployed topic names (suffixed in tests): handler patterns and outputs may use the base names. */
  readonly topics?: TopicNames;
  /** Deployed names of topics outside the catalogue that handlers name (`{ 'keyword-triggers': 'keyword-triggers-test1' }`). */
  readonly topicAliases?: Readonly<Record<string, string>>;
  /**
   * Stateful stages (a topology built with `defineStage`): the handler on a stage's input topic
   * gets the partition's task as `ctx.task`, and the stage's changelog, outputs and hooks apply.
   * A handler on any other topic becomes a stateless stage of its own.
   */
  readonly stages?: readonly AnyStage[];
  /**
   * Nest's deserializer step, before a record reaches its handler (and its pipes): turns another
   * wire form of a topic into the one its contract decodes (`AvroInputDeserializer`). A dead letter
   * it throws (`DeadLetterError`) keeps the record's original bytes. Default: records as consumed.
   */
  readonly deserializer?: Deserializer<InputRecord, InputRecord>;
  /** The output records' wire form (Avro for the output topics); default: as the tasks made them. */
  readonly serializer?: OutputSerializer;
  /**
   * One kafkajs consumer (and engine) per stage, all in the group, or one consumer for every stage
   * (default). kafkajs fetches a consumer's next batches only once all of the previous fetch's are
   * done, so with one consumer the second stage's records wait for the first stage's transaction
   * and the two stages' transactions never overlap. With one each, every join of one makes the
   * other rejoin, which exposed a kafkajs race under faults (docs/reliability.md, finding 11).
   */
  readonly consumerPerStage?: boolean;
}

/** The stateless stage's task: no state, nothing to restore or flush; its records go to the handler. */
const NO_STATE: StreamTask<unknown> = {
  process() {
    throw new Error('a stateless stage runs its handler');
  },
};

/**
 * The exactly-once engine as a Nest microservice transport. Each `@EventPattern(topic)` handler of
 * the app's controllers consumes that topic in one consumer group; a record goes through the
 * handler's guards, interceptors, pipes and filters like any microservice message, and what the
 * handler returns or emits is written in the transaction that commits the record's offset and its
 * partition's state. `app.close()` stops the consumer (the batch in hand commits or aborts) and
 * leaves the group.
 */
export class StreamServer extends Server<Record<string, never>, StreamStatus> implements CustomTransportStrategy {
  private engines: ExactlyOnceEngine[] = [];
  private readonly resolve: (name: string) => string;
  protected override readonly logger: LoggerService;

  constructor(private readonly options: StreamServerOptions) {
    super();
    this.logger = new Logger(options.service);
    this.resolve = topicResolver(options.topics, options.topicAliases);
  }

  /** The engine that runs `stage` (for its state and queries), once `listen` started it. */
  engineOf(stage: AnyStage): ExactlyOnceEngine | undefined {
    return this.engines.find((engine) => engine.runs(stage.inputTopic));
  }

  /** The consumers' state, as one (`combinedStatus`); undefined before `listen`. Nest's `status` is the stream of events. */
  engineStatus(): EngineStatus | undefined {
    return this.engines.length === 0 ? undefined : combinedStatus(this.engines.map((engine) => engine.status()));
  }

  /** The restored tasks of `stage` on the partitions this instance owns; none before `listen`. */
  tasksOf<M, T extends StreamTask<M>>(stage: StreamStage<M, T>): Map<number, T> {
    return this.engineOf(stage)?.tasksOf(stage) ?? new Map<number, T>();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const { serializer, consumerPerStage = false, ...options } = this.options;
      // Schemas are registered before the first record, so no record waits on the registry.
      await serializer?.start?.();
      const stages = this.stages();
      for (const group of consumerPerStage ? stages.map((stage) => [stage]) : [stages]) {
        this.engines.push(
          new ExactlyOnceEngine({
            ...options,
            ...(serializer && { encodeOutput: (output: OutputMessage) => serializer.serialize(output) }),
            stages: group,
            logger: { log: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m), error: (m) => this.logger.error(m) },
            onStatus: (status) => this._status$.next(status),
          }),
        );
      }
      for (const engine of this.engines) await engine.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Stops every stage's consumer together: each finishes or aborts the batch in hand, then leaves the group. */
  async close(): Promise<void> {
    await Promise.all(this.engines.map((engine) => engine.stop()));
  }

  /** Events are on `status` (connected, rebalancing, crashed, disconnected); there is no other event to listen to. */
  on(): never {
    throw new Error('StreamServer has no events besides its status stream: subscribe to `status`');
  }

  /** The engines, one per stage (or one for all with `consumerPerStage: false`). */
  unwrap<T>(): T {
    if (this.engines.length === 0) throw new Error('StreamServer is not listening yet: call app.startAllMicroservices() first');
    return this.engines as T;
  }

  /** One stage per handler pattern, the declared stage of its topic where there is one. */
  private stages(): AnyStage[] {
    const declared = new Map((this.options.stages ?? []).map((stage) => [stage.inputTopic, stage]));
    const stages: AnyStage[] = [];
    for (const [pattern, handler] of this.messageHandlers) {
      const topic = this.resolve(pattern);
      const extras = (handler.extras ?? {}) as StreamHandlerExtras;
      const outputs = (extras.outputs ?? []).map(this.resolve);
      const stage = declared.get(topic);
      declared.delete(topic);
      const base: AnyStage = stage ?? { inputTopic: topic, outputTopics: [], createTask: () => NO_STATE };
      const outputTopics = [...new Set([...base.outputTopics, ...outputs])];
      stages.push({ ...base, outputTopics, dispatch: (record, task) => this.dispatch(handler, record, task, outputTopics) });
    }
    if (declared.size > 0) throw new Error(`no @EventPattern handler for the stage input ${[...declared.keys()].join(', ')}`);
    if (stages.length === 0) throw new Error('StreamServer found no @EventPattern handler in the app: nothing to consume');
    return stages;
  }

  /** One record through the Nest handler (and so its enhancers); what it returns or emits becomes the outcome. */
  private async dispatch(handler: MessageHandler, record: InputRecord, task: unknown, outputTopics: readonly string[]): Promise<TaskOutcome<unknown>> {
    const emitted: OutputMessage[] = [];
    const emit = (output: OutputMessage) => {
      const topic = this.resolve(output.topic);
      if (!outputTopics.includes(topic)) throw new Error(`${record.topic} handler emitted to ${topic}, which it does not declare in @EventPattern(…, { outputs })`);
      emitted.push(topic === output.topic ? output : { topic, message: output.message });
    };
    try {
      const decoded = this.options.deserializer ? this.options.deserializer.deserialize(record, { channel: record.topic }) : record;
      const input = decoded instanceof Promise ? await decoded : decoded;
      let result: unknown = await handler(input, new StreamContext([input, task, emit]));
      if (isObservable(result)) result = await lastValueFrom(result, { defaultValue: undefined });
      // Records returned as an array are the handler's own, named like emitted ones: check and resolve them alike.
      if (Array.isArray(result)) {
        for (const output of result as OutputMessage[]) emit(output);
        result = undefined;
      }
      return outcomeOf(result, emitted);
    } catch (error) {
      throw errorOf(error);
    }
  }
}
