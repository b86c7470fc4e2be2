export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
/** Whether request ids go on the log lines (an AsyncLocalStorage scope per request). */
export const REQUEST_LOG_CONTEXT = Symbol('REQUEST_LOG_CONTEXT');
/** Every metric of the stack starts with this, then the service: kstream_<service>_<what>. */
export const METRIC_PREFIX = 'kstream_';
