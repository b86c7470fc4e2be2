/**
 * An expected, user-facing failure (missing Java, port taken, broker did not
 * start, ...). The CLI prints only `message` for these, without a stack trace.
 */
export class KafkaToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KafkaToolError';
  }
}
