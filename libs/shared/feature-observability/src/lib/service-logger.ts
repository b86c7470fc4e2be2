import type { LoggerService, LogLevel } from '@nestjs/common';
import { currentRequestId } from './request-context';

export type LogFormat = 'json' | 'pretty';

/** Most verbose last, as Nest orders them. */
const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const COLOURS: Record<LogLevel, string> = {
  fatal: '\x1b[1;31m',
  error: '\x1b[31m',
  warn: '\x1b[33m',
  log: '\x1b[32m',
  debug: '\x1b[35m',
  verbose: '\x1b[36m',
};
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';
const STACK = /^[^\n]*\n\s+at .+/;

export interface ServiceLoggerOptions {
  /** json: one object per line for log collectors; pretty: one readable line for a terminal. */
  readonly format?: LogFormat;
  /** The least severe level written (`log` writes log, warn, error and fatal). */
  readonly level?: LogLevel;
  readonly colours?: boolean;
  /** Where lines go; stdout by default (errors included, so collectors keep the order). */
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
}

/**
 * Which format and level the environment asks for: JSON when NODE_ENV=production or
 * LOG_FORMAT=json (LOG_FORMAT=pretty wins over NODE_ENV), LOG_LEVEL one of Nest's levels.
 */
export function loggerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ServiceLoggerOptions {
  const asked = env['LOG_FORMAT']?.trim().toLowerCase();
  if (asked !== undefined && asked !== '' && asked !== 'json' && asked !== 'pretty') {
    throw new Error(`LOG_FORMAT must be json or pretty, got "${env['LOG_FORMAT']}"`);
  }
  const format: LogFormat = asked === 'json' || asked === 'pretty' ? asked : env['NODE_ENV'] === 'production' ? 'json' : 'pretty';
  const level = (env['LOG_LEVEL']?.trim().toLowerCase() || 'log') as LogLevel;
  if (!LEVELS.includes(level)) throw new Error(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, got "${env['LOG_LEVEL']}"`);
  const colours = format === 'pretty' && env['NO_COLOR'] === undefined && (env['FORCE_COLOR'] !== undefined || process.stdout.isTTY === true);
  return { format, level, colours };
}

/**
 * The one logger of every app: Nest's LoggerService, so the framework, the apps' `Logger`
 * instances and start-up failures all write through it.
 *
 * A message may be a string, an Error or an object; an object's `msg` (or `message`) is the
 * text and its other fields (`id`, `topic`, `partition`, `offset`…) become fields of the JSON
 * record, or `key=value` pairs on the readable line, so one input can be followed by its `id`.
 * A line written while an HTTP request is handled carries its `requestId` (a field in JSON, `#` and
 * the id's first 8 characters on the readable line), so one request's lines can be found.
 */
export class ServiceLogger implements LoggerService {
  private readonly format: LogFormat;
  private readonly colours: boolean;
  private readonly write: (line: string) => void;
  private readonly now: () => Date;
  private enabled: ReadonlySet<LogLevel>;

  constructor(readonly service: string, options: ServiceLoggerOptions = {}) {
    this.format = options.format ?? 'pretty';
    this.colours = options.colours ?? false;
    this.write = options.write ?? ((line) => void process.stdout.write(line + '\n'));
    this.now = options.now ?? (() => new Date());
    this.enabled = new Set(LEVELS.slice(0, LEVELS.indexOf(options.level ?? 'log') + 1));
  }

  log(message: unknown, ...params: unknown[]): void {
    this.emit('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.emit('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.emit('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.emit('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.emit('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.emit('fatal', message, params);
  }

  setLogLevels(levels: LogLevel[]): void {
    this.enabled = new Set(levels);
  }

  private emit(level: LogLevel, message: unknown, params: unknown[]): void {
    if (!this.enabled.has(level)) return;
    // Nest passes the context last, and for errors a stack before it.
    const rest = [...params];
    const context = typeof rest[rest.length - 1] === 'string' && (rest.length > 1 || level !== 'error' || !STACK.test(rest[0] as string)) ? (rest.pop() as string) : undefined;
    const stack = level === 'error' || level === 'fatal' ? (rest.find((p): p is string => typeof p === 'string' && STACK.test(p)) ?? undefined) : undefined;
    const extra = rest.filter((p) => p !== stack && p !== undefined);

    const { msg, fields, error } = describe(message);
    const requestId = currentRequestId();
    const record: Record<string, unknown> = {
      time: this.now().toISOString(),
      level,
      service: this.service,
      ...(requestId !== undefined ? { requestId } : {}),
      ...(context !== undefined && context !== this.service ? { context } : {}),
      msg,
      ...fields,
    };
    for (const [i, value] of extra.entries()) Object.assign(record, isPlainObject(value) ? value : { [`arg${i}`]: value });
    const trace = stack ?? error?.stack;
    if (trace) record['stack'] = trace;
    this.write(this.format === 'json' ? safeJson(record) : this.pretty(record));
  }

  private pretty(record: Record<string, unknown>): string {
    const { time, level, service, requestId, context, msg, stack, ...fields } = record;
    const paint = (code: string, text: string) => (this.colours ? `${code}${text}${RESET}` : text);
    const clock = (time as string).slice(11, 23);
    const pairs = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) ? v : safeJson(v)}`);
    const tag = typeof requestId === 'string' ? ` ${paint(DIM, `#${requestId.slice(0, 8)}`)}` : '';
    const head = `${paint(DIM, clock)} ${paint(COLOURS[level as LogLevel], String(level).toUpperCase().padEnd(7))} ${paint(DIM, `[${context ?? service}]`)}${tag} ${msg as string}`;
    return [head + (pairs.length > 0 ? ` ${paint(DIM, pairs.join(' '))}` : ''), ...(stack ? [String(stack)] : [])].join('\n');
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Error);
}

function describe(message: unknown): { msg: string; fields: Record<string, unknown>; error?: Error } {
  if (message instanceof Error) return { msg: message.message, fields: { error: message.name }, error: message };
  if (isPlainObject(message)) {
    const { msg, message: text, ...fields } = message;
    return { msg: String(msg ?? text ?? ''), fields };
  }
  return { msg: typeof message === 'string' ? message : safeJson(message), fields: {} };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The logger for `service`, in the format and level the environment asks for. */
export function createServiceLogger(service: string, env: NodeJS.ProcessEnv = process.env): ServiceLogger {
  return new ServiceLogger(service, loggerOptionsFromEnv(env));
}
