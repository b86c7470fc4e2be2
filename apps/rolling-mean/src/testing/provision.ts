import type { Kafka } from 'kafkajs';
import type { TopicNames } from '@kstream/contracts';
import { provisionTestTopics, uniqueSuffix } from '@kstream/kafka/testing';

/**
 * provisionTestTopics, retried: under load, kafkajs's createTopics({ waitForLeaders })
 * sometimes fails with "This server does not host this topic-partition" while the new
 * topics' metadata propagates. Provisioning keeps existing topics, so a retry is safe.
 * (The proper fix belongs in the shared provisioning code.)
 */
export async function provisionTopicsWithRetry(kafka: Kafka, suffix = uniqueSuffix()): Promise<TopicNames> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await provisionTestTopics(kafka, suffix);
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}
