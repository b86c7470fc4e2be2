import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { KafkaMessage } from 'kafkajs';
import { AvroValueReader, looksFramed, SchemaRegistryClient, type ReadValue } from '@kstream/data-access-registry';

/**
 * Confluent-framed Avro values (what processors write with OUTPUT_FORMAT=avro, or an Avro producer
 * sends) read by the writer's schema from the registry (SCHEMA_REGISTRY_URL), so the dashboard and
 * message browsing show them as JSON. Without a registry a framed value is left as bytes. Schemas are
 * cached by id; other values cost one byte comparison.
 */
export class AvroValues {
  private readonly reader?: AvroValueReader;

  constructor(registryUrl?: string) {
    if (registryUrl) this.reader = new AvroValueReader(new SchemaRegistryClient({ url: registryUrl }));
  }

  /** The value read, when it is framed Avro and there is a registry to read it with; otherwise undefined. */
  async read(value: Buffer | null): Promise<ReadValue | undefined> {
    if (!this.reader || !value || !looksFramed(value)) return undefined;
    return this.reader.read(value);
  }

  /** The messages with each readable Avro value turned into its JSON bytes; the rest as they were. */
  async asJson<M extends KafkaMessage>(messages: M[]): Promise<M[]> {
    if (!this.reader || !messages.some((m) => m.value && looksFramed(m.value))) return messages;
    return Promise.all(
      messages.map(async (m) => {
        const read = await this.read(m.value);
        return read?.kind === 'avro' ? { ...m, value: Buffer.from(JSON.stringify(read.value)) } : m;
      }),
    );
  }
}

/** One `AvroValues` for the whole admin app (the dashboard module and the message browser). */
@Global()
@Module({})
export class AvroValuesModule {
  static forRoot(registryUrl?: string): DynamicModule {
    return { module: AvroValuesModule, providers: [{ provide: AvroValues, useValue: new AvroValues(registryUrl) }], exports: [AvroValues] };
  }
}
