import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What the logger needs to know about the HTTP request being handled. */
interface RequestContext {
  readonly requestId: string;
  /** Set once the response is over: work the request started and that outlives it is no longer its. */
  ended: boolean;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** An id a client or proxy may choose: short, and safe to echo in a header and to write in a log line. */
const SANE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** The incoming `x-request-id` when it is a sane token, else a new random UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_ID.test(header) ? header : randomUUID();
}

/** One request's context: `run` its handling in it, `end` it when the response is over. */
export interface RequestScope {
  run<T>(handle: () => T): T;
  end(): void;
}

/**
 * The context of request `requestId`. Ending it matters because a request may start something
 * long-lived (a client that connects lazily, a timer): that work inherits the context, and its
 * later log lines must not carry the id of the request that happened to start it.
 */
export function requestScope(requestId: string): RequestScope {
  const context: RequestContext = { requestId, ended: false };
  return {
    run: (handle) => storage.run(context, handle),
    end: () => {
      context.ended = true;
    },
  };
}

/** The id of the HTTP request being handled here, if any. */
export function currentRequestId(): string | undefined {
  const context = storage.getStore();
  return context === undefined || context.ended ? undefined : context.requestId;
}

/**
 * Runs `work` outside any request: for shared, long-lived work a request merely happens to start
 * (a poller the first dashboard client starts serves every later client too), so that its log
 * lines do not carry the id of that first request while it is still open.
 */
export function outsideRequest<T>(work: () => T): T {
  return storage.exit(work);
}
