import { Transport, type KafkaOptions } from '@nestjs/microservices';
import type { KafkaEnv } from '../env/kafka-env';
import { consumerConfig, idempotentProducerConfig, kafkaClientConfig } from './kafka-config';

/**
 * Options for Nest's ServerKafka. `postfixId: ''` stops Nest from appending "-server"
 * to the client and group ids, so the consumer group is named exactly as documented.
 */
type NestKafkaOptions = NonNullable<KafkaOptions['options']>;

// Nest ships its own copy of the kafkajs typings; the runtime objects are the same.
export function kafkaMicroserviceOptions(env: KafkaEnv, ids: { clientId: string; groupId: string }): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      client: kafkaClientConfig(env, ids.clientId) as NestKafkaOptions['client'],
      consumer: consumerConfig(ids.groupId) as NestKafkaOptions['consumer'],
      producer: idempotentProducerConfig() as NestKafkaOptions['producer'],
      postfixId: '',
    },
  };
}
