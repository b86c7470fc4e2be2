import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { ClusterProbe, KAFKA_CLIENT } from '@kstream/kafka';
import { HealthRegistry } from './health.registry';

/** Registers a `kafka-cluster` health check: the cluster answers a metadata request. */
@Injectable()
export class ClusterHealthService implements OnModuleInit, OnApplicationShutdown {
  private readonly probe: ClusterProbe;

  constructor(@Inject(KAFKA_CLIENT) kafka: Kafka, private readonly health: HealthRegistry) {
    this.probe = new ClusterProbe(kafka);
  }

  onModuleInit(): void {
    this.health.register('kafka-cluster', this.probe.check);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.probe.close();
  }
}
