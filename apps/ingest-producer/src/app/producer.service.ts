import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';
import { idempotentProducerConfig, KAFKA_CLIENT } from '@kstream/kafka';
import { HealthRegistry } from '@kstream/observability';

/** The app's one idempotent producer; /health follows its connection. */
@Injectable()
export class ProducerService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ProducerService.name);
  readonly producer: Producer;
  private connected = false;

  constructor(@Inject(KAFKA_CLIENT) kafka: Kafka, private readonly health: HealthRegistry) {
    this.producer = kafka.producer(idempotentProducerConfig());
    this.producer.on(this.producer.events.CONNECT, () => (this.connected = true));
    this.producer.on(this.producer.events.DISCONNECT, () => (this.connected = false));
  }

  async onModuleInit(): Promise<void> {
    this.health.register('kafka-producer', () => ({ ok: this.connected, detail: this.connected ? 'connected' : 'disconnected' }));
    // Start even when the broker is away: /health says so and kafkajs reconnects on the next send.
    await this.producer.connect().catch((error: Error) => this.logger.warn(`producer not connected yet: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }
}
