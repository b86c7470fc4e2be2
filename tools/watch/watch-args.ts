import { parseArgs } from 'node:util';

export const USAGE = `usage: npm run watch -- <topic> [options]
  --from-beginning   start at the earliest offset (a new group only; a --group that committed resumes there)
  --group G          read as consumer group G: it commits what it printed, so the next run with G continues
                     where this one stopped (default: a throw-away group, deleted on exit, that commits nothing)
  --max N            stop after N records
  --partition P      read only partition P
  --offset N         with --partition: start at offset N (a seek), whatever the group committed
  --registry URL     a schema registry's Confluent-compatible API, to decode Confluent-framed Avro values
                     (default: SCHEMA_REGISTRY_URL; \`npm run registry:start\` prints its URL)
e.g. npm run watch -- word-counts
     npm run watch -- text-lines --group course --from-beginning --max 10`;

export interface WatchOptions {
  readonly topic: string;
  readonly fromBeginning: boolean;
  readonly group?: string;
  readonly max?: number;
  readonly partition?: number;
  readonly offset?: number;
  readonly registry?: string;
}

/** The arguments, or a usage error: unknown flags and malformed numbers are refused, not ignored. */
export function parseWatchArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): WatchOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      'from-beginning': { type: 'boolean' },
      group: { type: 'string' },
      max: { type: 'string' },
      partition: { type: 'string' },
      offset: { type: 'string' },
      registry: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new Error(positionals.length === 0 ? 'name the topic to watch' : `one topic at a time, not ${positionals.join(' ')}`);
  const count = (name: string, text: string | undefined, min: number) => {
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text) || Number(text) < min) throw new Error(`--${name} takes an integer of at least ${min}, not ${JSON.stringify(text)}`);
    return Number(text);
  };
  const offset = count('offset', values.offset, 0);
  const partition = count('partition', values.partition, 0);
  if (offset !== undefined && partition === undefined) throw new Error('--offset needs --partition: an offset belongs to one partition');
  const registry = values.registry ?? (env['SCHEMA_REGISTRY_URL'] || undefined);
  if (registry !== undefined && !/^https?:\/\/\S+$/.test(registry)) throw new Error(`--registry takes an http(s) URL such as http://127.0.0.1:8081/apis/ccompat/v7, not ${JSON.stringify(registry)}`);
  return { topic: positionals[0], fromBeginning: values['from-beginning'] === true, group: values.group, max: count('max', values.max, 1), partition, offset, registry };
}
