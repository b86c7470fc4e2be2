import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
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
      const body = exception.getResponse();
      res.status(exception.getStatus()).json(typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body);
      return;
    }
    const mapped = kafkaErrorToHttp(exception);
    if (mapped.status >= 500) this.logger.warn(`${mapped.status} ${mapped.message}`);
    res.status(mapped.status).json({ statusCode: mapped.status, error: mapped.error, message: mapped.message, ...(mapped.kafkaError && { kafkaError: mapped.kafkaError }) });
  }
}
