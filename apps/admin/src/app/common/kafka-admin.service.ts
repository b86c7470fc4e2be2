import { Inject, Injectable, ServiceUnavailableException, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { KAFKA_CLIENT } from '@kstream/kafka';
import type { AdminEnv } from '../admin.env';
import { hasKafkaErrorType } from './kafka-errors';
import { ADMIN_ENV } from '../admin.tokens';

/**
 * One long-lived kafkajs admin connection, opened on first use so the service starts
 * (and answers 503) while the broker is away. Every call is bounded in time: an HTTP
 * request must not hang for kafkajs's whole retry schedule.
 */
@Injectable()
export class KafkaAdminService implements OnApplicationShutdown {
  private admin?: Admin;
  private connecting?: Promise<Admin>;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(ADMIN_ENV) private readonly env: AdminEnv,
  ) {}

  /**
   * Runs `fn` with a connected admin client, failing with 503 after ADMIN_REQUEST_TIMEOUT_MS.
   * After UNKNOWN_TOPIC_OR_PARTITION from a client whose metadata went stale, `fn` runs again on a
   * fresh client unless `retry` is false. Changes take `'stale-metadata'` when their kafkajs call
   * refreshes the metadata before it sends its request, and nothing after it (createTopics without
   * waitForLeaders, createPartitions, alterConfigs): such a failure means nothing was changed, so
   * a second run cannot repeat it; without it a POST /topics after another client deleted a topic
   * this client had looked at answered 404. Other changes take `false`: they never run twice.
   */
  async run<T>(fn: (admin: Admin) => Promise<T>, options: { retry?: boolean | 'stale-metadata' } = {}): Promise<T> {
    return withTimeout(
      this.attempt(fn, options.retry !== false),
      this.env.ADMIN_REQUEST_TIMEOUT_MS,
      () => new ServiceUnavailableException(`Kafka did not answer within ${this.env.ADMIN_REQUEST_TIMEOUT_MS} ms`),
    );
  }

  private async attempt<T>(fn: (admin: Admin) => Promise<T>, retry: boolean): Promise<T> {
    try {
      return await fn(await this.connected());
    } catch (error) {
      if (!hasKafkaErrorType(error, 'UNKNOWN_TOPIC_OR_PARTITION')) throw error;
      // kafkajs refreshes metadata for every topic the client has ever looked at, and
      // fails every later call once another client deletes one of them: start afresh.
      await this.reset();
      if (!retry) throw error;
      return fn(await this.connected());
    }
  }

  private async reset(): Promise<void> {
    const stale = this.admin;
    this.admin = undefined;
    this.connecting = undefined;
    await stale?.disconnect().catch(() => undefined);
  }

  private connected(): Promise<Admin> {
    this.connecting ??= (async () => {
      this.admin ??= this.kafka.admin();
      await this.admin.connect();
      return this.admin;
    })().catch((error: unknown) => {
      // Forget the failed attempt so the next request tries again.
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}

export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
