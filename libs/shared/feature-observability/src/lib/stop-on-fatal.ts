import type { Logger } from '@nestjs/common';

/**
 * What the app does when its engine meets a problem no retry can fix: say so once and exit 1
 * through the normal shutdown (SIGTERM runs Nest's shutdown hooks), so a supervisor sees a
 * failed service with the reason in its log instead of one that looks alive and does nothing.
 */
export function stopOnFatal(logger: Logger): (error: Error) => void {
  return (error) => {
    logger.fatal(`stopping: ${error.message}`);
    process.exitCode = 1;
    process.kill(process.pid, 'SIGTERM');
  };
}
