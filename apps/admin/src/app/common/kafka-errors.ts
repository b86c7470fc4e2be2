import { HttpStatus } from '@nestjs/common';
import { errorChain } from '@kstream/kafka';

export interface HttpError {
  readonly status: HttpStatus;
  readonly error: string;
  readonly message: string;
  /** The Kafka error code name, when there is one (TOPIC_ALREADY_EXISTS, ...). */
  readonly kafkaError?: string;
}

const BY_TYPE: Record<string, HttpStatus> = {
  TOPIC_ALREADY_EXISTS: HttpStatus.CONFLICT,
  NON_EMPTY_GROUP: HttpStatus.CONFLICT,
  REBALANCE_IN_PROGRESS: HttpStatus.CONFLICT,
  UNKNOWN_MEMBER_ID: HttpStatus.CONFLICT,
  UNKNOWN_TOPIC_OR_PARTITION: HttpStatus.NOT_FOUND,
  UNKNOWN_TOPIC_ID: HttpStatus.NOT_FOUND,
  GROUP_ID_NOT_FOUND: HttpStatus.NOT_FOUND,
  INVALID_TOPIC_EXCEPTION: HttpStatus.BAD_REQUEST,
  INVALID_PARTITIONS: HttpStatus.BAD_REQUEST,
  INVALID_REPLICATION_FACTOR: HttpStatus.BAD_REQUEST,
  INVALID_REPLICA_ASSIGNMENT: HttpStatus.BAD_REQUEST,
  INVALID_CONFIG: HttpStatus.BAD_REQUEST,
  INVALID_REQUEST: HttpStatus.BAD_REQUEST,
  INVALID_GROUP_ID: HttpStatus.BAD_REQUEST,
  POLICY_VIOLATION: HttpStatus.BAD_REQUEST,
  TOPIC_AUTHORIZATION_FAILED: HttpStatus.FORBIDDEN,
  GROUP_AUTHORIZATION_FAILED: HttpStatus.FORBIDDEN,
  CLUSTER_AUTHORIZATION_FAILED: HttpStatus.FORBIDDEN,
  NOT_CONTROLLER: HttpStatus.SERVICE_UNAVAILABLE,
  COORDINATOR_NOT_AVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  COORDINATOR_LOAD_IN_PROGRESS: HttpStatus.SERVICE_UNAVAILABLE,
  LEADER_NOT_AVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  REQUEST_TIMED_OUT: HttpStatus.SERVICE_UNAVAILABLE,
};

/** kafkajs errors that mean "the cluster could not be reached", whatever the request was. */
const UNREACHABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTimeout',
  'KafkaJSLockTimeout',
]);

const REASONS: Record<number, string> = {
  [HttpStatus.BAD_REQUEST]: 'Bad Request',
  [HttpStatus.FORBIDDEN]: 'Forbidden',
  [HttpStatus.NOT_FOUND]: 'Not Found',
  [HttpStatus.CONFLICT]: 'Conflict',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'Service Unavailable',
  [HttpStatus.INTERNAL_SERVER_ERROR]: 'Internal Server Error',
};

/** Whether the error, or one it wraps, is the Kafka error `type` (e.g. UNKNOWN_TOPIC_OR_PARTITION). */
export function hasKafkaErrorType(error: unknown, type: string): boolean {
  return errorChain(error).some((e) => e.type === type);
}

/** Maps a kafkajs error to the HTTP answer a user of the admin API should see. */
export function kafkaErrorToHttp(error: unknown): HttpError {
  const errors = errorChain(error);
  const typed = errors.find((e) => e.type !== undefined && BY_TYPE[e.type] !== undefined);
  if (typed?.type) {
    const status = BY_TYPE[typed.type];
    return { status, error: REASONS[status], message: typed.message ?? typed.type, kafkaError: typed.type };
  }
  const unreachable = errors.find((e) => e.name !== undefined && UNREACHABLE.has(e.name));
  if (unreachable || errors.some((e) => e.name === 'KafkaJSNumberOfRetriesExceeded')) {
    const detail = (unreachable ?? errors[errors.length - 1]).message ?? 'no answer';
    return { status: HttpStatus.SERVICE_UNAVAILABLE, error: REASONS[503], message: `Kafka is unreachable: ${detail}` };
  }
  const first = errors[0];
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    error: REASONS[500],
    message: first?.message ?? String(error),
    ...(first?.type && { kafkaError: first.type }),
  };
}
