import { Logger } from '@nestjs/common';
import { EnvValidationError } from '@kstream/kafka';

/**
 * Runs an app's main function and turns start-up failures into one clear message and
 * exit code 1, instead of an unhandled rejection with a stack trace.
 */
export function runService(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const logger = new Logger(name);
    if (error instanceof EnvValidationError) {
      logger.error(`${name} cannot start. ${error.message}`);
    } else {
      logger.error(`${name} failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
    process.exit(1);
  });
}
