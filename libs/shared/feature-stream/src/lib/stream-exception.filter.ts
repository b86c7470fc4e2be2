import { Catch, HttpException, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import { DeadLetterError } from '@kstream/kafka';

/**
 * The transport's last-resort filter (`connectStream` installs it globally on the microservice).
 * Nest's default RPC filter turns every unknown error into "Internal server error", which would hide
 * what the engine needs to classify it. This one passes errors on as they are, except a 4xx
 * `HttpException` (what Nest's `ValidationPipe` and `ParseIntPipe` throw), which is bad input and so a
 * `contract-violation` dead letter with the pipe's message. The engine then dead-letters a
 * `DeadLetterError` at once and retries anything else, bounded, before dead-lettering it as
 * `processing-failed`. Filters on a controller or handler run before this one and may decide otherwise.
 */
@Catch()
export class StreamExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      return throwError(() => new DeadLetterError('contract-violation', httpMessage(exception)));
    }
    return throwError(() => exception);
  }
}

function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  const message = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
  return Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
}
