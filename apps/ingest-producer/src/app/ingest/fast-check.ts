import { MAX_SERIES_LENGTH } from '@kstream/contract-numbers';
import { MAX_ID_LENGTH } from '@kstream/contracts-core';
import { MAX_KEY_LENGTH, type LineDto } from '../lines/line.dto';
import type { NumberDto } from '../numbers/number.dto';

/**
 * Hand-written checks for the common, valid entry: the ValidationPipe (class-transformer +
 * class-validator) costs more per NDJSON line than publishing it. A check only ever accepts;
 * anything it is not sure of (a bad field, null, an unknown field, a string whose length
 * needs class-validator's counting) returns undefined and goes through the pipe, so the DTO
 * classes stay the one definition of what is valid and of every 4xx message.
 * fast-check.spec.ts asserts that each acceptance here is one the pipe makes too.
 */
export type FastCheck<T> = (plain: object) => T | undefined;

/** Non-empty and short enough by UTF-16 length, which is never less than class-validator's count. */
const isShortString = (value: unknown, max: number): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;
const isPartition = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

const LINE_FIELDS = new Set(['text', 'key', 'partition', 'id']);
const NUMBER_FIELDS = new Set(['value', 'series', 'partition', 'id']);

function onlyFields(plain: object, allowed: ReadonlySet<string>): boolean {
  for (const name in plain) if (!allowed.has(name)) return false;
  return true;
}

export const fastLine: FastCheck<LineDto> = (plain) => {
  const { text, key, partition, id } = plain as Partial<Record<keyof LineDto, unknown>>;
  if (typeof text !== 'string' || text.length === 0) return undefined;
  if (key !== undefined && !isShortString(key, MAX_KEY_LENGTH)) return undefined;
  if (partition !== undefined && !isPartition(partition)) return undefined;
  if (id !== undefined && !isShortString(id, MAX_ID_LENGTH)) return undefined;
  if (!onlyFields(plain, LINE_FIELDS)) return undefined;
  return { text, key, partition, id };
};

export const fastNumber: FastCheck<NumberDto> = (plain) => {
  const { value, series, partition, id } = plain as Partial<Record<keyof NumberDto, unknown>>;
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (series !== undefined && !isShortString(series, MAX_SERIES_LENGTH)) return undefined;
  if (partition !== undefined && !isPartition(partition)) return undefined;
  if (id !== undefined && !isShortString(id, MAX_ID_LENGTH)) return undefined;
  if (!onlyFields(plain, NUMBER_FIELDS)) return undefined;
  return { value, series, partition, id };
};
