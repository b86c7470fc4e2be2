import type { Serializer } from '@nestjs/microservices';
import { Type, type Schema } from 'avsc';
import type { OutputMessage } from '@kstream/kafka';
import type { AvroInputSettings } from './avro-input';
import { AvroValueWriter, withoutContentType } from './avro-writer';
import { SchemaRegistryClient } from './registry-client';
import { RegistryRefusedError } from './registry-errors';
import { whileUnavailable } from './registry-retry';

/** How a processor writes its output topics: JSON envelopes (the default) or Confluent-framed Avro. */
export type OutputFormat = 'json' | 'avro';

export interface AvroOutputOptions {
  readonly registry: SchemaRegistryClient;
  /** Deployed output topic → the Avro form of its contract, registered as `<topic>-value`. Other topics pass untouched. */
  readonly writers: ReadonlyMap<string, object>;
  /** How long `start` waits for an unreachable registry before the service gives up starting. Default 30 s. */
  readonly unavailableMs?: number;
  /** First wait between registry attempts, doubled up to 5 s. Default 250 ms. */
  readonly retryBackoffMs?: number;
}

/**
 * Writes a processor's output records as Confluent-framed Avro (magic byte 0, the schema's id, the
 * Avro body), the form Confluent's and Apicurio's deserializers read. `start` registers each
 * topic's schema under `<topic>-value` (as `npm run contracts:register` does, BACKWARD for a new
 * subject) before the consumer joins, so `serialize` is synchronous and costs no request per
 * record. A registry that refuses a schema stops the start with the subject and its reason: the
 * deployment's contracts and the registry's history disagree, and writing anyway would break
 * consumers. Dead letters, changelogs and internal topics stay as they are (not in `writers`).
 */
export class AvroOutputSerializer implements Serializer<OutputMessage, OutputMessage> {
  private readonly ready = new Map<string, AvroValueWriter>();
  /** Each writer schema parsed once, here, so that one avsc refuses fails the construction, not the start. */
  private readonly types = new Map<string, Type>();
  private readonly unavailableMs: number;
  private readonly retryBackoffMs: number;

  constructor(private readonly options: AvroOutputOptions) {
    this.unavailableMs = options.unavailableMs ?? 30_000;
    this.retryBackoffMs = options.retryBackoffMs ?? 250;
    // A writer schema that avsc refuses is a defect of the deployment: fail at construction.
    for (const [topic, schema] of options.writers) this.types.set(topic, Type.forSchema(schema as Schema));
  }

  /** The ids each topic's values are framed with, once started. */
  get schemaIds(): Record<string, number> {
    return Object.fromEntries([...this.ready].map(([topic, writer]) => [topic, writer.schemaId]));
  }

  async start(): Promise<void> {
    const { registry, writers } = this.options;
    const known = new Set(await whileUnavailable(() => registry.subjects(), this.unavailableMs, this.retryBackoffMs));
    for (const [topic, schema] of writers) {
      const subject = `${topic}-value`;
      try {
        const writer = await whileUnavailable(async () => {
          // A subject this stack creates gets the contracts' rule; one that exists keeps the rule its operator set.
          if (!known.has(subject)) await registry.setCompatibility(subject, 'BACKWARD');
          return AvroValueWriter.register(registry, subject, schema, this.types.get(topic));
        }, this.unavailableMs, this.retryBackoffMs);
        this.ready.set(topic, writer);
      } catch (error) {
        if (error instanceof RegistryRefusedError) throw new Error(`OUTPUT_FORMAT=avro: the schema registry refused the Avro form of ${topic}'s contract under ${subject}: ${error.message}`);
        throw error;
      }
    }
  }

  /** The record with its value as Avro when its topic has a writer; the content-type header goes (the frame says what the value is). */
  serialize(output: OutputMessage): OutputMessage {
    const writer = this.ready.get(output.topic);
    const { value, headers } = output.message;
    if (writer === undefined) {
      if (this.options.writers.has(output.topic)) throw new Error(`AvroOutputSerializer: ${output.topic} is written before start() registered its schema`);
      return output;
    }
    // A tombstone stays a tombstone: compaction needs the null.
    if (value === null || value === undefined) return output;
    // The task's own object when it handed it over; only a handler that wrote bare JSON costs a parse.
    const body = output.body ?? (JSON.parse(typeof value === 'string' ? value : value.toString('utf8')) as unknown);
    return { topic: output.topic, message: { ...output.message, value: writer.encode(body as Record<string, unknown>), headers: withoutContentType(headers ?? {}) } };
  }
}

/** A processor's registry settings: where it is, its patience, and the format of the outputs. */
export interface RegistrySettings extends AvroInputSettings {
  readonly outputFormat?: OutputFormat;
}

/**
 * The output serializer of a processor: undefined for JSON (records go out as the tasks made them),
 * an `AvroOutputSerializer` over the given topics' contract forms for Avro.
 */
export function avroOutput(settings: RegistrySettings | undefined, writers: Readonly<Record<string, object>>): AvroOutputSerializer | undefined {
  if (settings?.outputFormat !== 'avro') return undefined;
  if (!settings.url) throw new Error('OUTPUT_FORMAT=avro needs SCHEMA_REGISTRY_URL');
  return new AvroOutputSerializer({
    registry: new SchemaRegistryClient({ url: settings.url }),
    writers: new Map(Object.entries(writers)),
    unavailableMs: settings.unavailableMs,
  });
}
