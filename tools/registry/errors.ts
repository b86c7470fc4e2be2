import { KafkaToolError } from '../kafka/errors';

/**
 * An expected, user-facing failure of the registry tooling (registry did not start, port taken,
 * fetch failed, ...). A KafkaToolError, so that callers handling the Kafka tooling's expected
 * failures (print the message, no stack) handle these the same way; the Java and Maven checks
 * shared with tools/kafka throw KafkaToolError themselves.
 */
export class RegistryToolError extends KafkaToolError {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryToolError';
  }
}
