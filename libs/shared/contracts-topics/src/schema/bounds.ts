import type { JsonSchema } from './json-schema';

/**
 * How the values a field allows changed between two versions:
 * - `wider`: the new version allows values the previous one refused. A reader of the previous
 *   version refuses the new records (every reader validates), so it breaks readers.
 * - `narrower`: the new version refuses values the previous one allowed. Records written to the
 *   previous version, by writers who have not moved, are refused, so it breaks writers.
 * - `changed`: neither contains the other (a new pattern or format): breaks both.
 */
export type BoundDirection = 'wider' | 'narrower' | 'changed';

export interface BoundChange {
  readonly keyword: string;
  readonly direction: BoundDirection;
  readonly detail: string;
}

type Numeric = 'minLength' | 'maxLength' | 'minimum' | 'maxItems';
const UPPER: readonly Numeric[] = ['maxLength', 'maxItems'];
const LOWER: readonly Numeric[] = ['minLength', 'minimum'];

function numeric(keyword: Numeric, upper: boolean, before: number | undefined, after: number | undefined): BoundChange | undefined {
  if (before === after) return undefined;
  const show = (n: number | undefined) => (n === undefined ? 'none' : String(n));
  const detail = `${keyword} ${show(before)} became ${show(after)}`;
  // No bound at all is the widest there is.
  const looser = after === undefined || (before !== undefined && (upper ? after > before : after < before));
  return { keyword, direction: looser ? 'wider' : 'narrower', detail };
}

function text(keyword: 'pattern' | 'format', before: string | undefined, after: string | undefined): BoundChange | undefined {
  if (before === after) return undefined;
  const detail = `${keyword} ${before ?? 'none'} became ${after ?? 'none'}`;
  if (before === undefined) return { keyword, direction: 'narrower', detail };
  if (after === undefined) return { keyword, direction: 'wider', detail };
  return { keyword, direction: 'changed', detail };
}

function enumeration(before: readonly string[] | undefined, after: readonly string[] | undefined): BoundChange[] {
  if (before === undefined && after === undefined) return [];
  if (before === undefined) return [{ keyword: 'enum', direction: 'narrower', detail: `now only ${after?.join(', ')}` }];
  if (after === undefined) return [{ keyword: 'enum', direction: 'wider', detail: `was only ${before.join(', ')}, now any value` }];
  const added = after.filter((v) => !before.includes(v));
  const removed = before.filter((v) => !after.includes(v));
  return [
    ...(added.length > 0 ? [{ keyword: 'enum', direction: 'wider' as const, detail: `new values ${added.join(', ')}` }] : []),
    ...(removed.length > 0 ? [{ keyword: 'enum', direction: 'narrower' as const, detail: `values ${removed.join(', ')} removed` }] : []),
  ];
}

/** The changes of the value bounds of one field (not of its sub-fields). */
export function boundChanges(previous: JsonSchema, next: JsonSchema): BoundChange[] {
  const changes = [
    ...UPPER.map((k) => numeric(k, true, previous[k], next[k])),
    ...LOWER.map((k) => numeric(k, false, previous[k], next[k])),
    text('pattern', previous.pattern, next.pattern),
    text('format', previous.format, next.format),
    previous.const === next.const ? undefined : { keyword: 'const', direction: 'changed' as const, detail: `const ${previous.const ?? 'none'} became ${next.const ?? 'none'}` },
  ];
  return [...changes.filter((c): c is BoundChange => c !== undefined), ...enumeration(previous.enum, next.enum)];
}
