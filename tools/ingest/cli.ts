import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { NUMBER_AVRO_SCHEMA, parseDecimal } from '@kstream/contract-numbers';
import { TEXT_LINE_AVRO_SCHEMA } from '@kstream/contract-text-lines';
import { TOPICS } from '@kstream/contracts-core';
import { AvroValueWriter, SchemaRegistryClient } from '@kstream/data-access-registry';
import { accessError, EnvValidationError, loadKafkaEnv } from '@kstream/kafka';
import { lineRecord, numberRecord, recordBytes, type BuiltRecord } from '@kstream/ingest-data-access-producer';
import { CliProducer } from './cli-producer';
import { DeliveryReport } from './delivery-report';
import { randomEvent, sentence } from './generator';

const USAGE = `Usage:
  npm run ingest -- lines    [--topic T] [--key K] [--partition P]   one line of stdin per record
  npm run ingest -- numbers  [--topic T] [--key SERIES] [--partition P]   one decimal per line
  npm run ingest -- generate [--count N] [--rate R] [--lines-topic T] [--numbers-topic T]
Common: [--timeout MS] (ack timeout, default 30000) [--quiet] (no per-record report)
        [--format json|avro] (avro: the contract's Avro form, registered under <topic>-value, in the
        Confluent wire format) [--registry URL] (the registry's Confluent-compatible API; default
        SCHEMA_REGISTRY_URL)
Brokers come from KAFKA_BROKERS (default 127.0.0.1:9092).`;

const MAX_RECORD_BYTES = 1024 * 1024;
/** Reading pauses while this many records wait for their ack, so a huge pipe does not fill memory. */
const MAX_PENDING = 20_000;

class UsageError extends Error {}

function integer(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${text}"`);
  return Number(text);
}

type Command = 'lines' | 'numbers' | 'generate';

interface Options {
  readonly command: Command;
  readonly format: 'json' | 'avro';
  readonly registry?: string;
  readonly values: { topic?: string; key?: string; 'lines-topic'?: string; 'numbers-topic'?: string; quiet?: boolean };
  readonly partition: number | undefined;
  readonly count: number;
  readonly rate: number;
  readonly timeoutMs: number;
}

function parse(argv: string[]): Options | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      topic: { type: 'string' },
      key: { type: 'string' },
      partition: { type: 'string' },
      count: { type: 'string' },
      rate: { type: 'string' },
      'lines-topic': { type: 'string' },
      'numbers-topic': { type: 'string' },
      timeout: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      format: { type: 'string', default: 'json' },
      registry: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help) return 'help';
  if (command !== 'lines' && command !== 'numbers' && command !== 'generate') throw new UsageError(command ? `unknown command "${command}"` : 'a command is required');
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  if (values.rate !== undefined && !(Number(values.rate) >= 0)) throw new UsageError(`--rate must be a number ≥ 0, got "${values.rate}"`);
  if (values.format !== 'json' && values.format !== 'avro') throw new UsageError(`--format is json or avro, not "${values.format}"`);
  const registry = values.registry ?? (process.env['SCHEMA_REGISTRY_URL'] || undefined);
  if (values.format === 'avro' && !registry) throw new UsageError('--format avro needs a schema registry: --registry URL or SCHEMA_REGISTRY_URL (npm run registry:start prints it)');
  return {
    command,
    format: values.format,
    registry,
    values,
    partition: integer('partition', values.partition, 0),
    count: integer('count', values.count, 1) ?? 100,
    rate: values.rate === undefined ? 10 : Number(values.rate),
    timeoutMs: integer('timeout', values.timeout, 100) ?? 30_000,
  };
}

/** Turns a built (JSON) record into what goes on the wire: itself, or its Avro form. */
type Encode = (topic: string, record: BuiltRecord) => BuiltRecord;

/**
 * `--format avro`: the Avro form of each topic's contract, registered under `<topic>-value`; each
 * record's JSON envelope is written with it in the Confluent wire format, without the content-type
 * header (the frame says what the value is).
 */
async function encoder(options: Options): Promise<Encode> {
  if (options.format === 'json' || !options.registry) return (_topic, record) => record;
  const registry = new SchemaRegistryClient({ url: options.registry });
  const lines = options.command === 'numbers' ? [] : [options.values.topic ?? options.values['lines-topic'] ?? TOPICS.textLines];
  const numbers = options.command === 'lines' ? [] : [options.values.topic ?? options.values['numbers-topic'] ?? TOPICS.numbers];
  const writers = new Map<string, AvroValueWriter>();
  for (const topic of lines) writers.set(topic, await AvroValueWriter.register(registry, `${topic}-value`, TEXT_LINE_AVRO_SCHEMA));
  for (const topic of numbers) writers.set(topic, await AvroValueWriter.register(registry, `${topic}-value`, NUMBER_AVRO_SCHEMA));
  for (const [topic, writer] of writers) process.stderr.write(`Avro: ${topic}-value is schema ${writer.schemaId} in ${options.registry}\n`);
  return (topic, record) => {
    const writer = writers.get(topic);
    if (!writer) return record;
    return writer.fromJson(record);
  };
}

async function readStdin(options: Options, producer: CliProducer, report: DeliveryReport, stopped: () => boolean, encode: Encode): Promise<void> {
  const topic = options.values.topic ?? (options.command === 'lines' ? TOPICS.textLines : TOPICS.numbers);
  const key = options.values.key;
  const input = createInterface({ input: process.stdin, crlfDelay: Infinity });
  process.once('SIGINT', () => input.close());
  let lineNo = 0;
  for await (const line of input) {
    lineNo += 1;
    const label = `line ${lineNo}`;
    const record = toRecord(options.command, line, key, options.partition);
    if (typeof record === 'string') report.refuse(label, record);
    else if (recordBytes(record) > MAX_RECORD_BYTES) report.refuse(label, `over ${MAX_RECORD_BYTES} bytes`);
    else report.track(label, producer.send(topic, encode(topic, record)));
    if (report.pending >= MAX_PENDING) await report.drained();
    if (stopped()) break;
  }
}

/** A record, or why the line was refused. */
function toRecord(command: Command, line: string, key: string | undefined, partition: number | undefined): BuiltRecord | string {
  if (command === 'lines') return line.length === 0 ? 'empty line' : lineRecord({ text: line, key, partition });
  const value = parseDecimal(line);
  return value.ok ? numberRecord({ value: value.value, series: key, partition }) : value.violation.message;
}

async function generate(options: Options, producer: CliProducer, report: DeliveryReport, stopped: () => boolean, encode: Encode): Promise<void> {
  const linesTopic = options.values['lines-topic'] ?? TOPICS.textLines;
  const numbersTopic = options.values['numbers-topic'] ?? TOPICS.numbers;
  const started = Date.now();
  for (let i = 0; i < options.count && !stopped(); i += 1) {
    if (options.rate > 0) {
      const due = started + (i * 1000) / options.rate;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    }
    const event = randomEvent(Math.random, options.rate > 0 ? 1000 / options.rate : 1);
    report.track(`event ${i + 1} amount`, producer.send(numbersTopic, encode(numbersTopic, numberRecord({ value: event.amount, series: event.name }))));
    report.track(`event ${i + 1} sentence`, producer.send(linesTopic, encode(linesTopic, lineRecord({ text: sentence(event), key: event.name }))));
    if (report.pending >= MAX_PENDING) await report.drained();
  }
}

async function main(): Promise<number> {
  let parsed: Options | 'help';
  try {
    parsed = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const options = parsed;
  let env;
  try {
    // Per-record reports already say what failed and why; kafkajs's own log would only repeat it.
    env = loadKafkaEnv({ KAFKA_LOG_LEVEL: 'nothing', ...process.env });
  } catch (error) {
    if (error instanceof EnvValidationError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }

  const producer = new CliProducer(env, options.timeoutMs);
  const report = new DeliveryReport(options.values.quiet);
  let interrupted = false;
  let firstSignalAt = 0;
  process.on('SIGINT', () => {
    // The terminal and tools/run.cjs may both deliver one Ctrl-C: only a later one forces the exit.
    if (interrupted && Date.now() - firstSignalAt > 1000) process.exit(130);
    if (!interrupted) process.stderr.write('interrupted: flushing what was read (Ctrl-C again to abandon)\n');
    interrupted = true;
    firstSignalAt ||= Date.now();
  });
  try {
    try {
      await producer.connect();
    } catch (error) {
      // A refused password or certificate is not "unreachable": say which setting to fix.
      const refused = accessError(error, env);
      process.stderr.write(refused ? `${refused.message}\n` : `cannot reach Kafka at ${env.KAFKA_BROKERS.join(',')}: ${(error as Error).message}\n`);
      return 1;
    }
    let encode: Encode;
    try {
      encode = await encoder(options);
    } catch (error) {
      process.stderr.write(`cannot register the Avro schema in ${options.registry}: ${(error as Error).message}\n`);
      return 1;
    }
    if (!process.stdin.isTTY || options.command === 'generate') report.startProgress();
    else process.stderr.write('one message per line; Ctrl-D to finish\n');
    if (options.command === 'generate') await generate(options, producer, report, () => interrupted, encode);
    else await readStdin(options, producer, report, () => interrupted, encode);
    await report.drained();
  } finally {
    await producer.close();
  }
  process.stderr.write(`${report.summary()}\n`);
  return report.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ingest failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
