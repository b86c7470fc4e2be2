/** DI tokens of the Kafka module. */
export const KAFKA_ENV = Symbol('KAFKA_ENV');
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
export const TOPIC_NAMES = Symbol('TOPIC_NAMES');
