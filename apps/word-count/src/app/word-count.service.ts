import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { TopicNames } from '@kstream/contracts';
import { engineHealth, ExactlyOnceEngine, KAFKA_CLIENT, TOPIC_NAMES, type CommittedBatch } from '@kstream/kafka';
import { HealthRegistry, METRICS_REGISTRY } from '@kstream/observability';
import { topWords, WordCountTask, type WordCountMeta } from './word-count.task';
import { WORD_COUNT_SETTINGS, type WordCountSettings } from './word-count.tokens';

/** Runs the word-count stream on the exactly-once engine and reports what it committed. */
@Injectable()
export class WordCountService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('word-count');
  private readonly engine: ExactlyOnceEngine<WordCountMeta, WordCountTask>;
  private readonly processed: Counter;
  private readonly alerts: Counter;
  private readonly dlq: Counter<'reason'>;
  private readonly lag: Gauge<'partition'>;
  private readonly latency: Histogram;
  private readonly batchSeconds: Histogram;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(TOPIC_NAMES) topics: TopicNames,
    @Inject(WORD_COUNT_SETTINGS) private readonly settings: WordCountSettings,
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly health: HealthRegistry,
  ) {
    const registers = [registry];
    this.processed = new Counter({ name: 'kstream_word_count_processed_total', help: 'Lines counted and committed', registers });
    this.alerts = new Counter({ name: 'kstream_word_count_alerts_total', help: 'Lines over the word threshold', registers });
    this.dlq = new Counter({ name: 'kstream_word_count_dlq_total', help: 'Records sent to the DLQ', labelNames: ['reason'], registers });
    this.lag = new Gauge({ name: 'kstream_word_count_lag', help: 'Records behind the end of each input partition', labelNames: ['partition'], registers });
    this.latency = new Histogram({
      name: 'kstream_word_count_latency_seconds',
      help: 'From the input record timestamp to the commit of its result',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.batchSeconds = new Histogram({ name: 'kstream_word_count_batch_seconds', help: 'Processing and transaction time per batch', registers });

    this.engine = new ExactlyOnceEngine<WordCountMeta, WordCountTask>({
      kafka,
      groupId: settings.groupId,
      inputTopic: topics.textLines,
      changelogTopic: topics.wordTotals,
      dlqTopic: topics.textLinesDlq,
      service: 'word-count',
      createTask: (partition) => new WordCountTask(partition, topics, settings.threshold),
      onCommitted: (batch) => this.report(batch),
      logger: this.logger,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.health.register('consumer', () => engineHealth(this.engine.status(), this.settings.healthStaleMs));
    await this.engine.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.engine.stop();
  }

  top(limit: number): { word: string; count: number }[] {
    return topWords(this.engine.tasks().values(), limit);
  }

  private report(batch: CommittedBatch<WordCountMeta>): void {
    const now = Date.now();
    for (const { record, outcome } of batch.results) {
      this.latency.observe(Math.max(0, now - Number(record.timestamp)) / 1000);
      if (outcome.kind === 'dead-letter') {
        this.dlq.inc({ reason: outcome.reason });
        this.logger.warn(`${record.topic}/${record.partition}@${record.offset} → DLQ (${outcome.reason}): ${outcome.error}`);
        continue;
      }
      const { text, words, alert, threshold } = outcome.meta.record;
      this.processed.inc();
      if (alert) this.alerts.inc();
      this.logger.log(`${JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text)}: ${words} word${words === 1 ? '' : 's'}${alert ? ` ALERT (more than ${threshold})` : ''}`);
    }
    this.lag.set({ partition: String(batch.partition) }, batch.lag);
    this.batchSeconds.observe(batch.durationMs / 1000);
  }
}
