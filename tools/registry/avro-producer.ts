import { type AvroDelivery, type AvroProducerOptions, produceAvroWithJavaClient } from '@kstream/contracts-core/testing';
import { ensureKafkaJars } from '../kafka/jars';
import { checkJava } from '../kafka/prerequisites';
import { ensureAvroJars, javaAvroClasspath } from './fetch';

/**
 * `produceAvroWithJavaClient` (the Java Avro producer of the contracts' test kit) with the Kafka
 * and Avro jars this tooling fetches, fetched first if they are missing.
 */
export async function runAvroProducer(options: Omit<AvroProducerOptions, 'classpath'>): Promise<AvroDelivery[]> {
  checkJava();
  await ensureKafkaJars();
  await ensureAvroJars();
  return produceAvroWithJavaClient({ ...options, classpath: javaAvroClasspath() });
}
