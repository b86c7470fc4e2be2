import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { BusyException } from './busy.exception';
import { kafkaErrorToHttp } from './kafka-errors';

/**
 * The one place errors become HTTP answers: Nest's own exceptions pass through as they
 * are, kafkajs errors are mapped (exists 409, unknown 404, invalid 400, unreachable 503).
 */
@Catch()
export class KafkaExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('admin');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException) {
      if (exception instanceof BusyException) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
      const body = exception.getResponse();
      res.status(exception.getStatus()).json(typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body);
      return;
    }
    const client = clientError(exception);
    if (client) {
      res.status(client.status).json({ statusCode: client.status, message: client.message });
      return;
    }
    const mapped = kafkaErrorToHttp(exception);
    if (mapped.status === 500 && !isKafkaError(exception)) {
      // A bug, not a cluster answer: its message and stack may describe the code or its data,
      // so they go to the log only, and the client gets an id to quote.
      const id = randomUUID();
      this.logger.error(`internal error ${id}: ${exception instanceof Error ? exception.message : String(exception)}`, exception instanceof Error ? exception.stack : undefined);
      res.status(500).json({ statusCode: 500, error: 'Internal Server Error', message: `internal error (id ${id} in the admin log)` });
      return;
    }
    if (mapped.status >= 500) this.logger.warn(`${mapped.status} ${mapped.message}`);
    res.status(mapped.status).json({ statusCode: mapped.status, error: mapped.error, message: mapped.message, ...(mapped.kafkaError && { kafkaError: mapped.kafkaError }) });
  }
}

/** The JSON body parser's own errors (too large, malformed) carry a 4xx status and a message meant for the client. */
function clientError(exception: unknown): { status: number; message: string } | undefined {
  const e = exception as { status?: unknown; expose?: unknown; message?: unknown; type?: unknown };
  if (typeof e !== 'object' || e === null || e.expose !== true || typeof e.status !== 'number') return undefined;
  if (e.status < 400 || e.status >= 500) return undefined;
  return { status: e.status, message: e.type === 'entity.too.large' ? `request body larger than the limit: ${String(e.message)}` : String(e.message) };
}

/** kafkajs's own errors (their names start with KafkaJS) carry the broker's answer, which is meant to be shown. */
function isKafkaError(exception: unknown): boolean {
  const name = (exception as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.startsWith('KafkaJS');
}
