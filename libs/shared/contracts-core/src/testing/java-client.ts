import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { toBuffer, type RawRecord } from '../common/raw-record';

/** A record for the Java client: any bytes, and a partition of its own or the client's partitioner's choice. */
export interface JavaClientRecord extends RawRecord {
  readonly partition?: number;
}

/** Where the broker put a record: the Java client's delivery report. */
export interface JavaClientDelivery {
  readonly partition: number;
  readonly offset: string;
}

export type JavaClientProperties = Readonly<Record<string, string | number | boolean>>;

export interface JavaClientOptions {
  /** Producer configs over the defaults (acks=all, gzip, requests up to 4 MB). */
  readonly properties?: JavaClientProperties;
  /** The JVM is killed after this long. Default 90 s. */
  readonly timeoutMs?: number;
  /** The Kafka jars. Default: KAFKA_CLASSPATH, else the repository's `.kafka/lib/*`. */
  readonly classpath?: string;
}

export interface ConsoleProduceOptions {
  /** Pause between two lines, as between a person's lines. Default 0. */
  readonly paceMs?: number;
  /** Producer configs, e.g. `partitioner.class`. */
  readonly properties?: JavaClientProperties;
  /** The line reader's properties, e.g. `parse.key` and `key.separator`. */
  readonly readerProperties?: JavaClientProperties;
  /** The JVM is killed after this long. Default 60 s plus the pauses. */
  readonly timeoutMs?: number;
  /** The Kafka jars. Default: KAFKA_CLASSPATH, else the repository's `.kafka/lib/*`. */
  readonly classpath?: string;
}

const RAW_PRODUCER = join(__dirname, 'RawProducer.java');
const MAGIC = 0x4b525031; // "KRP1", checked by RawProducer.java

/**
 * Produces records with Apache Kafka's Java client (a client not written in JavaScript), all from
 * one JVM, and returns each record's partition and offset in input order. Keys, values and header
 * values keep every byte: null and empty stay apart, invalid UTF-8 and newlines go through as they
 * are. A record without a partition is placed by the Java client's default partitioner (murmur2
 * of the key), the reference the other clients must agree with.
 */
export async function produceWithJavaClient(
  brokers: string,
  topic: string,
  records: readonly JavaClientRecord[],
  options: JavaClientOptions = {},
): Promise<JavaClientDelivery[]> {
  const dir = await mkdtemp(join(tmpdir(), 'java-producer-'));
  try {
    const file = join(dir, 'records.bin');
    await writeFile(file, encodeRecords(records));
    // The broker limits a batch after compression (message.max.bytes), the Java client a request before it.
    const properties = { 'compression.type': 'gzip', 'max.request.size': 4_000_000, ...options.properties };
    const { stdout } = await runJava(
      [RAW_PRODUCER, brokers, topic, file, ...propertyArgs(properties)],
      { classpath: options.classpath, timeoutMs: options.timeoutMs ?? 90_000, what: `the Java producer (${records.length} records to ${topic})` },
    );
    const deliveries = stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const [index, partition, offset] = line.trim().split(' ');
        return { index: Number(index), delivery: { partition: Number(partition), offset } };
      });
    if (deliveries.length !== records.length || deliveries.some((d, i) => d.index !== i)) {
      throw new Error(`the Java producer reported ${deliveries.length} deliveries for ${records.length} records:\n${stdout}`);
    }
    return deliveries.map((d) => d.delivery);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Types lines into Kafka's console producer (`org.apache.kafka.tools.ConsoleProducer`), one every
 * `paceMs`, then closes its stdin and waits until it has sent them and exited. One line is one
 * record, so a line must not hold a line break.
 */
export async function consoleProduce(brokers: string, topic: string, lines: readonly string[], options: ConsoleProduceOptions = {}): Promise<void> {
  const broken = lines.findIndex((line) => /[\r\n]/.test(line));
  if (broken >= 0) throw new Error(`line ${broken} holds a line break: the console producer would make two records of it`);
  const paceMs = options.paceMs ?? 0;
  const args = ['org.apache.kafka.tools.ConsoleProducer', '--bootstrap-server', brokers, '--topic', topic];
  // --command-property and --reader-property are the 4.x names of --producer-property and --property,
  // which print a deprecation warning.
  for (const arg of propertyArgs(options.properties ?? {})) args.push('--command-property', arg);
  for (const arg of propertyArgs(options.readerProperties ?? {})) args.push('--reader-property', arg);
  await runJava(args, {
    classpath: options.classpath,
    timeoutMs: options.timeoutMs ?? 60_000 + paceMs * lines.length,
    what: `the console producer (${lines.length} lines to ${topic})`,
    input: async (stdin, exited) => {
      for (const [i, line] of lines.entries()) {
        if (i > 0 && paceMs > 0) await new Promise((done) => setTimeout(done, paceMs));
        if (exited()) return;
        await new Promise<void>((done) => stdin.write(`${line}\n`, () => done()));
      }
    },
  });
}

/** The wire format RawProducer.java reads; see the comment at the top of that file. */
export function encodeRecords(records: readonly JavaClientRecord[]): Buffer {
  const chunks: Buffer[] = [int32(MAGIC), int32(records.length)];
  const bytes = (value: Buffer | null) => {
    chunks.push(int32(value === null ? -1 : value.length));
    if (value !== null) chunks.push(value);
  };
  for (const [i, record] of records.entries()) {
    const partition = record.partition ?? -1;
    if (!Number.isInteger(partition) || partition < -1) throw new Error(`record ${i}: partition ${record.partition}`);
    chunks.push(int32(partition));
    bytes(toBuffer(record.key));
    bytes(toBuffer(record.value));
    const headers: [string, Buffer][] = [];
    for (const [name, raw] of Object.entries(record.headers ?? {})) {
      for (const value of Array.isArray(raw) ? raw : [raw]) {
        if (value !== undefined) headers.push([name, toBuffer(value) as Buffer]);
      }
    }
    chunks.push(int32(headers.length));
    for (const [name, value] of headers) {
      bytes(Buffer.from(name, 'utf8'));
      bytes(value);
    }
  }
  return Buffer.concat(chunks);
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

function propertyArgs(properties: JavaClientProperties): string[] {
  return Object.entries(properties).map(([name, value]) => `${name}=${value}`);
}

/** `$JAVA_HOME/bin/java` if JAVA_HOME is set, else `java` from PATH, as the broker tooling does. */
function javaBin(): string {
  const home = process.env['JAVA_HOME'];
  return home ? join(home, 'bin', 'java') : 'java';
}

/**
 * KAFKA_CLASSPATH (the integration setup sets it from the tooling that fetched the jars), else
 * `.kafka/lib/*` under KAFKA_LOCAL_DIR or the repository root, the tooling's default.
 */
function kafkaJarsClasspath(): string {
  const fromEnv = process.env['KAFKA_CLASSPATH'];
  if (fromEnv) return fromEnv;
  const local = process.env['KAFKA_LOCAL_DIR'];
  return join(local ? resolve(local) : join(repoRoot(), '.kafka'), 'lib', '*');
}

function repoRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'tools', 'kafka', 'pom.xml'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

function checkJars(classpath: string): void {
  const dirs = classpath.split(delimiter).filter((entry) => basename(entry) === '*').map((entry) => dirname(entry));
  if (dirs.length === 0) return;
  const present = dirs.some((lib) => existsSync(lib) && readdirSync(lib).some((f) => /^kafka-clients-.*\.jar$/.test(f)));
  if (!present) throw new Error(`no Kafka client jar in ${dirs.join(', ')}: fetch the jars with \`npm run kafka:fetch\` (or set KAFKA_CLASSPATH)`);
}

interface RunJavaOptions {
  readonly classpath?: string;
  readonly timeoutMs: number;
  readonly what: string;
  /** Writes to the JVM's stdin; stdin is closed when it resolves. */
  readonly input?: (stdin: NodeJS.WritableStream, exited: () => boolean) => Promise<void>;
}

/**
 * One JVM, killed (SIGKILL) if it outlives the timeout, so a broker that never answers fails the
 * test instead of hanging it. Small-heap, client-compiler flags: these runs are short, start-up is
 * most of their cost.
 */
export function runJava(args: string[], options: RunJavaOptions): Promise<{ stdout: string; stderr: string }> {
  const classpath = options.classpath ?? kafkaJarsClasspath();
  checkJars(classpath);
  const java = javaBin();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(java, ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', classpath, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let exited = false;
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    // A JVM that died early closes its stdin: the EPIPE is not the failure, its exit status and stderr are.
    child.stdin.on('error', () => undefined);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new Error(`Java 17+ is needed for ${options.what}, but \`${java}\` was not found: install it or set JAVA_HOME`)
          : error,
      );
    });
    child.on('close', (code, signal) => {
      exited = true;
      clearTimeout(timer);
      const tail = stderr.trim().split('\n').slice(-30).join('\n');
      if (timedOut) reject(new Error(`${options.what} did not finish within ${options.timeoutMs} ms and was killed\n${tail}`));
      else if (code !== 0) {
        // The source-file launcher compiles RawProducer.java in memory: a bare JRE without the compiler module cannot.
        const hint = /jdk\.compiler/.test(stderr) ? '\nthis Java has no jdk.compiler module: install a full JDK 17' : '';
        reject(new Error(`${options.what} failed (exit ${code ?? signal})\n${tail}${hint}`));
      }
      else resolvePromise({ stdout, stderr });
    });
    const input = options.input ?? (async () => undefined);
    input(child.stdin, () => exited || timedOut).then(
      () => child.stdin.end(),
      (error: Error) => {
        child.kill('SIGKILL');
        reject(error);
      },
    );
  });
}
