export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
/** Every metric of the stack starts with this, then the service: kstream_<service>_<what>. */
export const METRIC_PREFIX = 'kstream_';
