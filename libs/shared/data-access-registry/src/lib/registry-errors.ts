import { KstreamError } from '@kstream/kafka';

/** The registry did not answer, or answered with a server error: worth retrying. */
export class RegistryUnavailableError extends KstreamError {
  constructor(message: string, override readonly cause?: unknown) {
    super(message, true);
    this.name = 'RegistryUnavailableError';
  }
}

/** The registry has no schema with that id (or no such subject or version). */
export class SchemaNotFoundError extends KstreamError {
  constructor(message: string) {
    super(message, false);
    this.name = 'SchemaNotFoundError';
  }
}

/** The registry refused a schema: 409 when it breaks the subject's compatibility rule, 422 when it is not a valid schema. */
export class RegistryRefusedError extends KstreamError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message, false);
    this.name = 'RegistryRefusedError';
  }
}
