import { spawn } from 'node:child_process';
import { ensureKafkaJars } from '../kafka/jars';
import { log4jConfigFile } from '../kafka/paths';
import { checkJava, javaBin } from '../kafka/prerequisites';
import { RegistryToolError } from './errors';
import { ensureAvroJars, javaAvroClasspath } from './fetch';
import { avroProducerSource } from './paths';

export interface AvroProducerOptions {
  /** Kafka bootstrap servers, 'host:port[,host:port...]'. */
  bootstrap: string;
  /** The registry's Confluent-compatible API, e.g. `handle.ccompatUrl`. */
  ccompatUrl: string;
  topic: string;
  /** An `.avsc` file; registered (or found) under the subject `<topic>-value`. */
  schemaFile: string;
  /**
   * The records in Avro's JSON encoding, as Avro's JsonDecoder reads it: every field present, a
   * non-null union value wrapped in its branch name (`{ email: { string: 'a@b' } }`, or
   * `email: null`).
   */
  records: readonly object[];
  /** Send the UTF-8 text of this field as the key. Default: no key. */
  keyField?: string;
  /** Producer configs over the defaults (acks=all, idempotent, max.block.ms 30 s). */
  properties?: Readonly<Record<string, string | number | boolean>>;
  /** The JVM is killed after this long. Default 90 000 ms. */
  timeoutMs?: number;
}

/** Where the broker put a record, and the schema id in its value's header. */
export interface AvroDelivery {
  topic: string;
  partition: number;
  offset: string;
  schemaId: number;
}

const DELIVERY_LINE = /^topic=(\S+) partition=(\d+) offset=(\d+) schema-id=(\d+)$/;

/** Parses AvroProducer.java's stdout, one "topic=T partition=P offset=O schema-id=I" line per record. */
export function parseDeliveries(stdout: string): AvroDelivery[] {
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const m = DELIVERY_LINE.exec(line);
      if (!m) throw new RegistryToolError(`unexpected line from the Avro producer: ${line}`);
      return { topic: m[1], partition: Number(m[2]), offset: m[3], schemaId: Number(m[4]) };
    });
}

/**
 * Produces `records` with java/AvroProducer.java (Apache Kafka's and Apache Avro's Java libraries,
 * Confluent wire format) from one JVM and returns each record's delivery, in input order. Fetches
 * the Kafka and Avro jars first if they are missing. Rejects with the producer's own reason when it
 * fails, and kills it (SIGKILL) when it outlives `timeoutMs`.
 */
export async function runAvroProducer(o: AvroProducerOptions): Promise<AvroDelivery[]> {
  checkJava();
  await ensureKafkaJars();
  await ensureAvroJars();
  const timeoutMs = o.timeoutMs ?? 90_000;
  const what = `the Avro producer (${o.records.length} records to ${o.topic})`;
  const args = [
    // Short runs: start-up is most of their cost.
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    `-Dlog4j2.configurationFile=${log4jConfigFile}`,
    '-Dkafka.root.loglevel=WARN',
    '-cp',
    javaAvroClasspath(),
    avroProducerSource,
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

  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(javaBin(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    // A JVM that died early closes its stdin: its exit status and stderr tell why, not the EPIPE.
    child.stdin.on('error', () => undefined);
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new RegistryToolError(`Could not start ${javaBin()} for ${what}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const tail = err.trim().split('\n').slice(-30).join('\n');
      if (timedOut) reject(new RegistryToolError(`${what} did not finish within ${timeoutMs} ms and was killed\n${tail}`));
      else if (code !== 0) {
        // The source launcher compiles the program in memory: a bare JRE has no compiler.
        const hint = /jdk\.compiler/.test(err) ? '\nthis Java has no jdk.compiler module: install a full JDK 17+' : '';
        reject(new RegistryToolError(`${what} failed (exit ${code ?? signal})\n${tail}${hint}`));
      } else resolve(out);
    });
    child.stdin.end(input);
  });

  const deliveries = parseDeliveries(stdout);
  if (deliveries.length !== o.records.length) {
    throw new RegistryToolError(`${what} reported ${deliveries.length} deliveries for ${o.records.length} records:\n${stdout}`);
  }
  return deliveries;
}
