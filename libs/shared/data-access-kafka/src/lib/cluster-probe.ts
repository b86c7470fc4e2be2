import type { Admin, Kafka } from 'kafkajs';
import { errorMessage } from './errors';

/**
 * A health check that asks the cluster for its metadata through one long-lived admin
 * connection. Returns the shape HealthRegistry expects without depending on it.
 */
export class ClusterProbe {
  private admin?: Admin;

  constructor(private readonly kafka: Kafka) {}

  readonly check = async (): Promise<{ ok: boolean; detail: Record<string, unknown> | string }> => {
    try {
      this.admin ??= this.kafka.admin();
      await this.admin.connect();
      const cluster = await this.admin.describeCluster();
      return { ok: true, detail: { clusterId: cluster.clusterId, brokers: cluster.brokers.length, controller: cluster.controller } };
    } catch (error) {
      return { ok: false, detail: errorMessage(error) };
    }
  };

  async close(): Promise<void> {
    await this.admin?.disconnect();
  }
}
