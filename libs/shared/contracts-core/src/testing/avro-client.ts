import { join } from 'node:path';
import { runJava } from './java-client';

const AVRO_PRODUCER = join(__dirname, 'AvroProducer.java');

export interface AvroProducerOptions {
  /** Kafka bootstrap servers, 'host:port[,host:port...]'. */
  readonly bootstrap: string;
  /** The registry's Confluent-compatible API (Apicurio: `http://host:port/apis/ccompat/v7`). */
  readonly ccompatUrl: string;
  readonly topic: string;
  /** An `.avsc` file; registered (or found) under the subject `<topic>-value`. */
  readonly schemaFile: string;
  /**
   * The records in Avro's JSON encoding, as Avro's JsonDecoder reads it: every field present, a
   * non-null union value wrapped in its branch name (`{ email: { string: 'a@b' } }`, or `email: null`).
   */
  readonly records: readonly object[];
  /** Send the UTF-8 text of this field as the key. Default: no key. */
  readonly keyField?: string;
  /** Producer configs over the defaults (acks=all, idempotent, max.block.ms 30 s). */
  readonly properties?: Readonly<Record<string, string | number | boolean>>;
  /** Kafka's and Avro's jars; default the `AVRO_CLASSPATH` the integration setup exports (`npm run registry:fetch` fetches them). */
  readonly classpath?: string;
  /** The JVM is killed after this long. Default 90 000 ms. */
  readonly timeoutMs?: number;
}

/** Where the broker put a record, and the schema id in its value's frame. */
export interface AvroDelivery {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly schemaId: number;
}

const DELIVERY_LINE = /^topic=(\S+) partition=(\d+) offset=(\d+) schema-id=(\d+)$/;

/** The non-blank lines of a Java tool's report, each matched by `pattern` and turned into `T`; any other line is an error. */
function reportLines<T>(stdout: string, pattern: RegExp, tool: string, build: (m: RegExpExecArray) => T): T[] {
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const m = pattern.exec(line);
      if (!m) throw new Error(`unexpected line from ${tool}: ${line}`);
      return build(m);
    });
}

/** Parses AvroProducer.java's stdout, one "topic=T partition=P offset=O schema-id=I" line per record. */
export function parseAvroDeliveries(stdout: string): AvroDelivery[] {
  return reportLines(stdout, DELIVERY_LINE, 'the Avro producer', (m) => ({ topic: m[1], partition: Number(m[2]), offset: m[3], schemaId: Number(m[4]) }));
}

/**
 * Produces `records` with AvroProducer.java (Apache Kafka's and Apache Avro's Java libraries, the
 * Confluent wire format: magic byte 0, the schema id, Avro binary) from one JVM: a client that is
 * not this stack's. Returns each record's delivery, in input order; rejects with the producer's own
 * reason when it fails.
 */
export async function produceAvroWithJavaClient(o: AvroProducerOptions): Promise<AvroDelivery[]> {
  const classpath = o.classpath ?? process.env['AVRO_CLASSPATH'];
  if (!classpath) throw new Error('the Avro producer needs Kafka and Avro jars: run `npm run registry:fetch` and set AVRO_CLASSPATH (the integration setup does)');
  const what = `the Avro producer (${o.records.length} records to ${o.topic})`;
  const args = [
    AVRO_PRODUCER,
    '--bootstrap',
    o.bootstrap,
    '--registry',
    o.ccompatUrl,
    '--topic',
    o.topic,
    '--schema',
    o.schemaFile,
    ...(o.keyField === undefined ? [] : ['--key-field', o.keyField]),
    ...Object.entries(o.properties ?? {}).flatMap(([name, value]) => ['--property', `${name}=${value}`]),
  ];
  const input = o.records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const { stdout } = await runJava(args, {
    classpath,
    timeoutMs: o.timeoutMs ?? 90_000,
    what,
    input: (stdin) => new Promise<void>((done) => stdin.write(input, () => done())),
  });
  const deliveries = parseAvroDeliveries(stdout);
  if (deliveries.length !== o.records.length) throw new Error(`${what} reported ${deliveries.length} deliveries for ${o.records.length} records:\n${stdout}`);
  return deliveries;
}

/** The integration run's schema registry (its Confluent-compatible API): the setup starts a real one. */
export function testRegistryUrl(): string {
  const url = process.env['SCHEMA_REGISTRY_TEST_URL'];
  if (!url) throw new Error('SCHEMA_REGISTRY_TEST_URL is not set: run this with jest.integration.config.cts, whose setup starts the schema registry');
  return url;
}

const AVRO_CONSUMER = join(__dirname, 'AvroConsumer.java');

/** A record AvroConsumer.java read: where it was, its frame's schema id, and its value as Avro's Java library renders it. */
export interface AvroRead {
  readonly partition: number;
  readonly offset: string;
  readonly schemaId: number;
  readonly value: Record<string, unknown>;
}

const READ_LINE = /^partition=(\d+) offset=(\d+) schema-id=(\d+) value=(.*)$/;

/**
 * Reads up to `maxRecords` Avro records of `topic` with AvroConsumer.java (Apache Kafka's and Apache
 * Avro's Java libraries, read_committed, the writer's schema from the registry by the frame's id):
 * a reader that is not this stack's. A value that is not framed Avro is skipped, not returned.
 */
export async function consumeAvroWithJavaClient(o: { bootstrap: string; ccompatUrl: string; topic: string; maxRecords: number; timeoutMs?: number; classpath?: string }): Promise<AvroRead[]> {
  const classpath = o.classpath ?? process.env['AVRO_CLASSPATH'];
  if (!classpath) throw new Error('the Avro consumer needs Kafka and Avro jars: run `npm run registry:fetch` and set AVRO_CLASSPATH (the integration setup does)');
  const timeoutMs = o.timeoutMs ?? 30_000;
  const args = [AVRO_CONSUMER, '--bootstrap', o.bootstrap, '--registry', o.ccompatUrl, '--topic', o.topic, '--max-records', String(o.maxRecords), '--timeout-ms', String(timeoutMs)];
  const { stdout } = await runJava(args, { classpath, timeoutMs: timeoutMs + 60_000, what: `the Avro consumer (${o.topic})` });
  return reportLines(stdout, READ_LINE, 'the Avro consumer', (m) => ({ partition: Number(m[1]), offset: m[2], schemaId: Number(m[3]), value: JSON.parse(m[4]) as Record<string, unknown> }));
}
