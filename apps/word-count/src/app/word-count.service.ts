import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Counter, type Registry } from 'prom-client';
import type { TopicNames } from '@kstream/contracts-core';
import { engineHealth, ExactlyOnceEngine, KAFKA_CLIENT, TOPIC_NAMES, type CommittedBatch } from '@kstream/kafka';
import { HealthRegistry, METRICS_REGISTRY, StreamMetrics } from '@kstream/observability';
import { topWords, WordCountTask, type WordCountMeta } from './word-count.task';
import { WORD_COUNT_SETTINGS, type WordCountSettings } from './word-count.tokens';

/** Runs the word-count stream on the exactly-once engine and reports what it committed. */
@Injectable()
export class WordCountService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('word-count');
  private readonly engine: ExactlyOnceEngine<WordCountMeta, WordCountTask>;
  private readonly metrics: StreamMetrics;
  private readonly alerts: Counter;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(TOPIC_NAMES) topics: TopicNames,
    @Inject(WORD_COUNT_SETTINGS) private readonly settings: WordCountSettings,
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly health: HealthRegistry,
  ) {
    this.metrics = new StreamMetrics(registry, 'word-count', 'Lines counted and committed', this.logger);
    this.alerts = new Counter({ name: 'kstream_word_count_alerts_total', help: 'Lines over the word threshold', registers: [registry] });

    this.engine = new ExactlyOnceEngine<WordCountMeta, WordCountTask>({
      kafka,
      groupId: settings.groupId,
      inputTopic: topics.textLines,
      changelogTopic: topics.wordTotals,
      dlqTopic: topics.textLinesDlq,
      outputTopics: [topics.wordCounts, topics.wordAlerts],
      service: 'word-count',
      createTask: (partition) => new WordCountTask(partition, topics, settings.threshold),
      onCommitted: (batch) => this.report(batch),
      logger: this.logger,
      processingDelayMs: settings.processingDelayMs,
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
    let alerts = 0;
    this.metrics.observe(batch, ({ meta }) => {
      const { text, words, alert, threshold } = meta.record;
      if (alert) alerts += 1;
      // Debug only: a line per record costs more than counting it; the counts are in /metrics.
      this.logger.debug(`${JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text)}: ${words} word${words === 1 ? '' : 's'}${alert ? ` ALERT (more than ${threshold})` : ''}`);
    });
    if (alerts > 0) this.alerts.inc(alerts);
  }
}
