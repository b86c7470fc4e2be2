import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { ConfigResourceTypes, ConfigSource, type Admin } from 'kafkajs';
import { allSettled, eventually } from '../common/eventually';
import { KafkaAdminService } from '../common/kafka-admin.service';
import { isInternalTopic, partitionOffsets, requireTopic } from '../common/topic-lookup';
import type { CreateTopicDto } from '../dto/create-topic.dto';

export interface TopicSummary {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly internal: boolean;
}

export interface PartitionView {
  readonly id: number;
  readonly leader: number;
  readonly replicas: number[];
  readonly isr: number[];
  readonly offlineReplicas: number[];
  readonly lowWatermark: number;
  readonly highWatermark: number;
  readonly messages: number;
}


export interface TopicDescription {
  readonly name: string;
  readonly internal: boolean;
  readonly replicationFactor: number;
  readonly partitions: PartitionView[];
  /** Every effective config value (null for sensitive ones). */
  readonly configs: Record<string, string | null>;
  /** Only the configs set on this topic, not inherited from the broker. */
  readonly overrides: Record<string, string | null>;
}

@Injectable()
export class TopicsService {
  constructor(private readonly kafka: KafkaAdminService) {}

  list(includeInternal: boolean): Promise<TopicSummary[]> {
    return this.kafka.run(async (admin) => {
      const { topics } = await admin.fetchTopicMetadata();
      return topics
        .filter((t) => includeInternal || !isInternalTopic(t.name))
        .map((t) => ({
          name: t.name,
          partitions: t.partitions.length,
          replicationFactor: Math.max(0, ...t.partitions.map((p) => p.replicas.length)),
          internal: isInternalTopic(t.name),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  async create(dto: CreateTopicDto): Promise<TopicDescription> {
    await this.kafka.run(async (admin) => {
      const { brokers } = await admin.describeCluster();
      if (dto.replicationFactor > brokers.length) {
        throw new BadRequestException(
          `replicationFactor ${dto.replicationFactor} is larger than the number of brokers (${brokers.length}): each replica needs its own broker`,
        );
      }
      const metricName = (t: string) => t.replace(/\./g, '_');
      const twin = (await admin.listTopics()).find((t) => t !== dto.name && metricName(t) === metricName(dto.name));
      if (twin) {
        throw new BadRequestException(`topic "${dto.name}" collides with the existing "${twin}": Kafka treats "." and "_" alike in metric names`);
      }
      const created = await admin.createTopics({
        // Leaders are awaited below through describe; kafkajs's own wait can fail on stale metadata.
        waitForLeaders: false,
        topics: [
          {
            topic: dto.name,
            numPartitions: dto.partitions,
            replicationFactor: dto.replicationFactor,
            configEntries: Object.entries(dto.configs ?? {}).map(([name, value]) => ({ name, value })),
          },
        ],
      });
      // kafkajs answers false instead of throwing when the topic is already there.
      if (!created) throw new ConflictException(`topic "${dto.name}" already exists`);
    }, { retry: 'stale-metadata' });
    return this.settled(dto.name, (t) => t.partitions.length === dto.partitions && t.partitions.every((p) => p.leader >= 0));
  }

  describe(name: string): Promise<TopicDescription> {
    return this.kafka.run(async (admin) => {
      await requireTopic(admin, name);
      return this.describeWith(admin, name);
    });
  }

  async updateConfigs(name: string, changes: Record<string, string | null>): Promise<TopicDescription> {
    const next = await this.kafka.run(async (admin) => {
      await requireTopic(admin, name);
      // AlterConfigs replaces the whole set: start from the current overrides so the
      // configs not named in the request stay as they are.
      const { overrides } = await this.configsOf(admin, name);
      const next: Record<string, string> = {};
      for (const [key, value] of Object.entries({ ...overrides, ...changes })) {
        if (value !== null) next[key] = value;
      }
      await admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name, configEntries: Object.entries(next).map(([n, value]) => ({ name: n, value })) }],
      });
      return next;
    }, { retry: 'stale-metadata' });
    return this.settled(name, (t) => Object.keys({ ...t.overrides, ...next }).every((key) => (t.overrides[key] ?? undefined) === next[key]));
  }

  async addPartitions(name: string, count: number): Promise<TopicDescription> {
    await this.kafka.run(async (admin) => {
      await requireTopic(admin, name);
      const { topics } = await admin.fetchTopicMetadata({ topics: [name] });
      const current = topics[0]?.partitions.length ?? 0;
      if (count <= current) {
        throw new BadRequestException(`partitions can only be increased: "${name}" has ${current}, asked for ${count}`);
      }
      await admin.createPartitions({ topicPartitions: [{ topic: name, count }] });
    }, { retry: 'stale-metadata' });
    return this.settled(name, (t) => t.partitions.length === count);
  }

  /** The description once it shows an accepted change (bounded; see eventually). */
  private settled(name: string, ok: (t: TopicDescription) => boolean): Promise<TopicDescription> {
    return this.kafka.run((admin) => eventually(() => this.describeWith(admin, name), ok));
  }

  delete(name: string): Promise<void> {
    return this.kafka.run(async (admin) => {
      await requireTopic(admin, name);
      await admin.deleteTopics({ topics: [name] });
    }, { retry: false });
  }

  private async describeWith(admin: Admin, name: string): Promise<TopicDescription> {
    const [{ topics }, offsets, configs] = await allSettled([
      admin.fetchTopicMetadata({ topics: [name] }),
      partitionOffsets(admin, name),
      this.configsOf(admin, name),
    ]);
    const meta = topics[0];
    const partitions = [...(meta?.partitions ?? [])]
      .sort((a, b) => a.partitionId - b.partitionId)
      .map((p) => {
        const o = offsets.find((x) => x.partition === p.partitionId);
        const low = o?.low ?? 0;
        const high = o?.high ?? 0;
        return {
          id: p.partitionId,
          leader: p.leader,
          replicas: p.replicas,
          isr: p.isr,
          offlineReplicas: p.offlineReplicas ?? [],
          lowWatermark: low,
          highWatermark: high,
          messages: high - low,
        };
      });
    return {
      name,
      internal: isInternalTopic(name),
      replicationFactor: Math.max(0, ...partitions.map((p) => p.replicas.length)),
      partitions,
      ...configs,
    };
  }

  private async configsOf(admin: Admin, name: string): Promise<Pick<TopicDescription, 'configs' | 'overrides'>> {
    const result = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name }] });
    const entries = result.resources[0]?.configEntries ?? [];
    const configs: Record<string, string | null> = {};
    const overrides: Record<string, string | null> = {};
    for (const entry of [...entries].sort((a, b) => a.configName.localeCompare(b.configName))) {
      configs[entry.configName] = entry.configValue ?? null;
      const source = (entry as { configSource?: number }).configSource;
      if (source === ConfigSource.TOPIC_CONFIG || (source === undefined && !entry.isDefault)) overrides[entry.configName] = entry.configValue ?? null;
    }
    return { configs, overrides };
  }
}
