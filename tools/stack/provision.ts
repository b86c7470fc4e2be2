/**
 * Creates the stack's topics (docs/architecture.md) on the cluster KAFKA_BROKERS names.
 * Idempotent: run it as often as you like.  npm run kafka:provision
 */
import { Kafka } from 'kafkajs';
import { kafkaClientConfig, loadKafkaEnv, provisionTopics, type ProvisionReport } from '@kstream/kafka';

export async function provision(env = process.env): Promise<ProvisionReport> {
  const kafkaEnv = loadKafkaEnv(env);
  const admin = new Kafka(kafkaClientConfig(kafkaEnv, 'kstream-provision')).admin();
  await admin.connect();
  try {
    return await provisionTopics(admin, { replicationFactor: kafkaEnv.KAFKA_REPLICATION_FACTOR });
  } finally {
    await admin.disconnect();
  }
}

export function describeReport(report: ProvisionReport): string[] {
  const lines = [];
  if (report.created.length > 0) lines.push(`created: ${report.created.join(', ')}`);
  if (report.existing.length > 0) lines.push(`already there: ${report.existing.join(', ')}`);
  for (const m of report.mismatched) lines.push(`warning: ${m.topic} has ${m.actual} partitions, the contract says ${m.expected}`);
  return lines;
}

if (require.main === module) {
  provision()
    .then((report) => {
      for (const line of describeReport(report)) console.log(line);
    })
    .catch((error: Error & { errors?: { topic?: string; type?: string }[] }) => {
      // kafkajs aggregates per-topic failures; their types (e.g. TOPIC_AUTHORIZATION_FAILED for a principal that may not create topics) say why.
      const perTopic = (error.errors ?? []).map((e) => `${e.topic ?? '?'}: ${e.type ?? 'error'}`);
      console.error(`Provisioning failed: ${error.message}${perTopic.length > 0 ? ` (${perTopic.join(', ')})` : ''}`);
      process.exit(1);
    });
}
