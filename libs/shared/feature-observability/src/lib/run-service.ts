import { Logger } from '@nestjs/common';
import { EnvValidationError, KafkaAccessError } from '@kstream/kafka';
import { createServiceLogger, type ServiceLogger } from './service-logger';

/**
 * Runs an app's main function with the stack's logger (also installed as Nest's static
 * logger, so messages logged before the app exists use it too), and turns start-up
 * failures into one clear message and exit code 1 instead of an unhandled rejection.
 * main.ts passes the logger on: `NestFactory.create(module, { logger })`.
 */
export function runService(name: string, main: (logger: ServiceLogger) => Promise<void>): void {
  let logger: ServiceLogger;
  try {
    logger = createServiceLogger(name);
  } catch (error) {
    process.stderr.write(`${name} cannot start. ${(error as Error).message}\n`);
    process.exit(1);
  }
  Logger.overrideLogger(logger);
  main(logger).catch((error: unknown) => {
    // Configuration problems: the message says what to fix, a stack trace would only bury it.
    if (error instanceof EnvValidationError || error instanceof KafkaAccessError) {
      logger.fatal(`${name} cannot start. ${error.message}`, name);
    } else if (error instanceof Error) {
      logger.fatal({ msg: `${name} failed to start: ${error.message}` }, error.stack, name);
    } else {
      logger.fatal(`${name} failed to start: ${String(error)}`, name);
    }
    process.exit(1);
  });
}
