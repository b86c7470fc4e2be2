import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Counter, type Registry } from 'prom-client';
import type { TopicNames } from '@kstream/contracts-core';
import { TEXT_LINE_AVRO_SCHEMA } from '@kstream/contract-text-lines';
import { WORD_ALERT_AVRO_SCHEMA, WORD_COUNT_AVRO_SCHEMA } from '@kstream/contract-word-counts';
import { WORD_TOTAL_AVRO_SCHEMA } from '@kstream/contract-word-totals';
import { advertisingAssigner, KAFKA_CLIENT, queryKey, TOPIC_NAMES, type CommittedBatch, type KeyAnswer } from '@kstream/kafka';
import { avroInput, avroOutput } from '@kstream/data-access-registry';
import { StreamServer, streamHealth } from '@kstream/feature-stream';
import { HealthRegistry, METRICS_REGISTRY, stopOnFatal, StreamMetrics } from '@kstream/observability';
import { topWords, type WordCountMeta, wordCountTopology } from '@kstream/word-count-feature-topology';
import { WORD_COUNT_SETTINGS, type WordCountSettings } from './word-count.tokens';

/**
 * The word-count topology and its transport, Kafka Streams style: `text-lines` → counts and alerts,
 * and each word's occurrences re-keyed by the word → `word-count-words-repartition` → totals →
 * `word-totals`. Both stages are in the consumer group `word-count`. `WordCountProcessor` holds the
 * handlers; `main.ts` connects `server` and starts it. Here: metrics, health and the totals' queries.
 */
@Injectable()
export class WordCountService implements OnApplicationBootstrap {
  private readonly logger = new Logger('word-count');
  readonly server: StreamServer;
  private readonly totals: ReturnType<typeof wordCountTopology>['totals'];
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

    const topology = wordCountTopology(topics, settings.threshold, {
      onLines: (batch) => this.report(batch),
      // Lines are the unit of work and are counted in the first stage; here only dead letters and lag.
      onTotals: (batch) => this.metrics.observe(batch, () => undefined, { counted: false }),
    });
    this.totals = topology.totals;
    this.server = new StreamServer({
      kafka,
      topics,
      groupId: settings.groupId,
      stages: topology.stages,
      dlqTopic: topics.textLinesDlq,
      // Confluent-framed Avro on the input topic becomes the contract's JSON envelope before the handler.
      deserializer: avroInput(settings.registry, { [topics.textLines]: TEXT_LINE_AVRO_SCHEMA }),
      // OUTPUT_FORMAT=avro: the three output topics as Avro, their schemas registered before the group is joined.
      serializer: avroOutput(settings.registry, { [topics.wordCounts]: WORD_COUNT_AVRO_SCHEMA, [topics.wordAlerts]: WORD_ALERT_AVRO_SCHEMA, [topics.wordTotals]: WORD_TOTAL_AVRO_SCHEMA }),
      service: 'word-count',
      consumerPerStage: settings.consumerPerStage,
      onFatal: stopOnFatal(this.logger, settings.exitOnFatal),
      // The slow handler the chaos suite stands in for is the line handler; the word totals stay fast.
      processingDelayMs: settings.processingDelayMs,
      processingDelayTopic: topics.textLines,
      ...(settings.advertisedUrl && { partitionAssigners: [advertisingAssigner(settings.advertisedUrl)] }),
    });
  }

  onApplicationBootstrap(): void {
    this.health.register('consumer', () => streamHealth(this.server, this.settings.healthStaleMs));
  }

  /** The most frequent words of the partitions this instance owns (all of them when it runs alone). */
  top(limit: number): { word: string; count: number }[] {
    return topWords(this.server.tasksOf(this.totals).values(), limit);
  }

  /** One word's total, from this instance when it owns the word's partition, else from the instance that does. */
  word(word: string, forwarded: boolean): Promise<KeyAnswer<{ word: string; count: number }>> {
    return queryKey({
      engine: this.server.engineOf(this.totals),
      stage: this.totals,
      key: word,
      read: (task) => task.view(word),
      path: `/words/${encodeURIComponent(word)}`,
      forwarded,
    });
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
