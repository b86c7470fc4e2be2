import type { Logger } from '@nestjs/common';

/**
 * What a stream processor does when its engine meets a problem no retry can fix: say so once, then
 * `exit` (main.ts passes one that closes the app and exits 1), so a supervisor sees a failed
 * service with the reason in its log instead of one that looks alive and does nothing. Without
 * `exit` (an app inside a test) it only logs, and /health reports the engine crashed.
 */
export function stopOnFatal(logger: Logger, exit?: () => void): (error: Error) => void {
  return (error) => {
    logger.fatal(`stopping: ${error.message}`);
    exit?.();
  };
}

/** The `exit` of main.ts: close the app (leave the group, end the transactions), then exit 1. */
export function exitAfterClose(app: () => { close(): Promise<void> } | undefined): () => void {
  return () => {
    const closing = app()?.close() ?? Promise.resolve();
    void closing.catch(() => undefined).finally(() => process.exit(1));
  };
}
