import { HttpException, HttpStatus } from '@nestjs/common';

/** 503 with `Retry-After`: a bounded resource (message reads, event-stream slots) is in use; try again shortly. */
export class BusyException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super({ statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: 'Service Unavailable', message }, HttpStatus.SERVICE_UNAVAILABLE);
  }
}
