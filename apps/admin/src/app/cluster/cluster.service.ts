import { Injectable } from '@nestjs/common';
import { allSettled } from '../common/eventually';
import { KafkaAdminService } from '../common/kafka-admin.service';

export interface ClusterView {
  readonly clusterId: string;
  readonly controller: number | null;
  readonly brokers: { id: number; host: string; port: number }[];
  readonly topicCount: number;
  readonly partitionCount: number;
  readonly underReplicatedPartitions: { topic: string; partition: number; replicas: number[]; isr: number[] }[];
  readonly offlinePartitions: { topic: string; partition: number }[];
}

@Injectable()
export class ClusterService {
  constructor(private readonly kafka: KafkaAdminService) {}

  describe(): Promise<ClusterView> {
    return this.kafka.run(async (admin) => {
      const [cluster, { topics }] = await allSettled([admin.describeCluster(), admin.fetchTopicMetadata()]);
      const underReplicated: ClusterView['underReplicatedPartitions'] = [];
      const offline: ClusterView['offlinePartitions'] = [];
      let partitionCount = 0;
      for (const topic of topics) {
        for (const p of topic.partitions) {
          partitionCount += 1;
          if (p.isr.length < p.replicas.length) underReplicated.push({ topic: topic.name, partition: p.partitionId, replicas: p.replicas, isr: p.isr });
          if (p.leader < 0) offline.push({ topic: topic.name, partition: p.partitionId });
        }
      }
      return {
        clusterId: cluster.clusterId,
        controller: cluster.controller,
        brokers: cluster.brokers.map((b) => ({ id: b.nodeId, host: b.host, port: b.port })).sort((a, b) => a.id - b.id),
        topicCount: topics.length,
        partitionCount,
        underReplicatedPartitions: underReplicated,
        offlinePartitions: offline,
      };
    });
  }
}
