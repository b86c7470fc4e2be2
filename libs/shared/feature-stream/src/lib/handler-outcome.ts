import { DeadLetterError, type OutputMessage, type TaskOutcome } from '@kstream/kafka';

/**
 * What a stream handler may return: a task's outcome (`ctx.task.process(record)`), the records to write
 * (`OutputMessage[]`), or nothing (only what it emitted through the context is written).
 */
export type HandlerResult = TaskOutcome<unknown> | readonly OutputMessage[] | undefined | null | void;

function isOutcome(value: unknown): value is TaskOutcome<unknown> {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return kind === 'output' || kind === 'dead-letter';
}

/** A handler's result (a returned array already emitted) and emitted records as one outcome for the engine. */
export function outcomeOf(result: unknown, emitted: readonly OutputMessage[]): TaskOutcome<unknown> {
  if (isOutcome(result)) {
    if (result.kind === 'dead-letter' || emitted.length === 0) return result;
    return { kind: 'output', meta: result.meta, messages: [...result.messages, ...emitted] };
  }
  if (result === undefined || result === null) return { kind: 'output', meta: undefined, messages: emitted };
  throw new TypeError('a stream handler returns a task outcome, an array of { topic, message } records, or nothing');
}

/**
 * A handler's failure as the engine classifies it. Nest's default RPC filter replaces an unknown
 * error with `{ status: 'error', message }`; keep its message rather than "[object Object]".
 */
export function errorOf(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  const message = (thrown as { message?: unknown } | null)?.message;
  return new Error(typeof message === 'string' ? message : String(thrown));
}

/** A result that dead-letters the record, for handlers that prefer returning to throwing `DeadLetterError`. */
export function deadLetter(reason: DeadLetterError['reason'], error: string): TaskOutcome<never> {
  return { kind: 'dead-letter', reason, error };
}
