import { MAX_ID_LENGTH } from '@kstream/contracts-core';
import type { TextLineEnvelope } from './text-line.value';

/**
 * A plain check for the common, valid envelope, run before class-validator on every consumed
 * record (validateContract costs more than counting the words of the line). It only ever
 * accepts: anything it is not sure of (an unknown field, null, an id whose length needs
 * class-validator's counting of surrogate pairs) returns undefined and goes through
 * TextLineEnvelope, which stays the one definition of the contract and of every violation
 * message. text-line.fast-check.spec.ts asserts that each acceptance is one the class makes too.
 */
export function fastTextLineEnvelope(plain: unknown): TextLineEnvelope | undefined {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) return undefined;
  const { text, id } = plain as Record<string, unknown>;
  if (typeof text !== 'string' || text.length === 0) return undefined;
  // UTF-16 length is never less than class-validator's count, so a string this short passes MaxLength.
  if (id !== undefined && !(typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH)) return undefined;
  for (const name in plain) if (name !== 'text' && name !== 'id') return undefined;
  return { text, id };
}
