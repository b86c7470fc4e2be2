import { MAX_ID_LENGTH } from '@kstream/contracts-core';
import { MAX_SERIES_LENGTH, type NumberEnvelope } from './number.value';

/** Non-empty and short enough by UTF-16 length, which is never less than class-validator's count. */
const isShortString = (value: unknown, max: number): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;

/**
 * A plain check for the common, valid envelope, run before class-validator on every consumed
 * record (validateContract costs more than the rolling mean itself). It only ever accepts:
 * anything it is not sure of (an unknown field, null, a string whose length needs
 * class-validator's counting of surrogate pairs) returns undefined and goes through
 * NumberEnvelope, which stays the one definition of the contract and of every violation
 * message. number.fast-check.spec.ts asserts that each acceptance is one the class makes too.
 */
export function fastNumberEnvelope(plain: unknown): NumberEnvelope | undefined {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) return undefined;
  const { value, series, id } = plain as Record<string, unknown>;
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (series !== undefined && !isShortString(series, MAX_SERIES_LENGTH)) return undefined;
  if (id !== undefined && !isShortString(id, MAX_ID_LENGTH)) return undefined;
  for (const name in plain) if (name !== 'value' && name !== 'series' && name !== 'id') return undefined;
  return { value, series, id };
}
