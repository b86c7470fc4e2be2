import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AssignerProtocol, type Admin, type GroupDescription, type Kafka } from 'kafkajs';
import { KAFKA_CLIENT } from '@kstream/kafka';
import type { AdminEnv } from '../admin.env';
import { ADMIN_ENV } from '../admin.tokens';
import { allSettled } from '../common/eventually';
import { KafkaAdminService } from '../common/kafka-admin.service';
import { partitionOffsets, requireTopic } from '../common/topic-lookup';
import type { OffsetTarget } from '../dto/reset-offsets.dto';
import { commitGroupOffsets } from './commit-offsets';
import { partitionLag, totalLag, type PartitionLag } from './lag';

export interface GroupSummary {
  readonly id: string;
  readonly state: string;
  readonly members: number;
  readonly protocol: string;
  readonly protocolType: string;
}

export interface GroupMember {
  readonly memberId: string;
  readonly clientId: string;
  readonly clientHost: string;
  readonly assignment: { topic: string; partitions: number[] }[];
}

export interface GroupDetail extends Omit<GroupSummary, 'members'> {
  readonly members: GroupMember[];
  readonly offsets: PartitionLag[];
  readonly totalLag: number;
}

export interface OffsetsApplied {
  readonly group: string;
  readonly topic: string;
  readonly partitions: { partition: number; offset: number }[];
}

/** Groups the admin service makes for itself to browse messages; hidden from sampling. */
export const BROWSE_GROUP_PREFIX = 'kstream-admin-browse-';

const ACTIVE_STATES = new Set(['PreparingRebalance', 'CompletingRebalance', 'Stable', 'Assigning', 'Reconciling']);

function decodeAssignment(buffer: Buffer | null | undefined): GroupMember['assignment'] {
  if (!buffer || buffer.length === 0) return [];
  try {
    const decoded = AssignerProtocol.MemberAssignment.decode(buffer);
    return Object.entries(decoded?.assignment ?? {})
      .map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }))
      .sort((a, b) => a.topic.localeCompare(b.topic));
  } catch {
    // Not a consumer-protocol group (Connect, a custom protocol): no assignment to show.
    return [];
  }
}

@Injectable()
export class GroupsService {
  constructor(
    private readonly kafka: KafkaAdminService,
    @Inject(KAFKA_CLIENT) private readonly client: Kafka,
    @Inject(ADMIN_ENV) private readonly env: AdminEnv,
  ) {}

  list(): Promise<GroupSummary[]> {
    return this.kafka.run(async (admin) => {
      const { groups } = await admin.listGroups();
      if (groups.length === 0) return [];
      const { groups: described } = await admin.describeGroups(groups.map((g) => g.groupId));
      return described
        .map((g) => ({ id: g.groupId, state: g.state, members: g.members.length, protocol: g.protocol, protocolType: g.protocolType }))
        .sort((a, b) => a.id.localeCompare(b.id));
    });
  }

  /** Every group id the cluster knows, browse groups excluded. */
  ids(): Promise<string[]> {
    return this.kafka.run(async (admin) => (await admin.listGroups()).groups.map((g) => g.groupId).filter((id) => !id.startsWith(BROWSE_GROUP_PREFIX)));
  }

  describe(id: string): Promise<GroupDetail> {
    return this.kafka.run(async (admin) => {
      const group = await this.requireGroup(admin, id);
      const members = group.members.map((m) => ({
        memberId: m.memberId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        assignment: decodeAssignment(m.memberAssignment),
      }));
      const assigned = members.flatMap((m) => m.assignment.flatMap((a) => a.partitions.map((p) => ({ topic: a.topic, partition: p }))));
      const offsets = await this.lagWith(admin, id, assigned);
      return { id, state: group.state, protocol: group.protocol, protocolType: group.protocolType, members, offsets, totalLag: totalLag(offsets) };
    });
  }

  /** Committed offset, high watermark and lag of every partition the group committed on. */
  lag(id: string): Promise<PartitionLag[]> {
    return this.kafka.run((admin) => this.lagWith(admin, id, []));
  }

  delete(id: string): Promise<void> {
    return this.kafka.run(async (admin) => {
      const group = await this.requireGroup(admin, id);
      if (group.members.length > 0) throw this.activeConflict(group, 'deleting it');
      await admin.deleteGroups([id]);
    }, { retry: false });
  }

  async resetOffsets(id: string, topic: string, to: OffsetTarget): Promise<OffsetsApplied> {
    const applied = await this.kafka.run(async (admin) => {
      const group = await this.requireGroup(admin, id);
      if (group.members.length > 0 || ACTIVE_STATES.has(group.state)) throw this.activeConflict(group, 'resetting its offsets');
      await requireTopic(admin, topic);
      const watermarks = await partitionOffsets(admin, topic);
      let partitions: OffsetsApplied['partitions'];
      if (to === 'earliest' || to === 'latest') {
        partitions = watermarks.map((w) => ({ partition: w.partition, offset: to === 'earliest' ? w.low : w.high }));
      } else if ('timestamp' in to) {
        const found = await admin.fetchTopicOffsetsByTimestamp(topic, to.timestamp);
        partitions = watermarks.map((w) => {
          const offset = Number(found.find((f) => f.partition === w.partition)?.offset ?? -1);
          // -1: nothing at or after the timestamp, so the group starts at the end.
          return { partition: w.partition, offset: offset < 0 ? w.high : offset };
        });
      } else {
        partitions = to.offsets.map(({ partition, offset }) => {
          const w = watermarks.find((x) => x.partition === partition);
          if (!w) throw new BadRequestException(`topic "${topic}" has no partition ${partition} (it has ${watermarks.length})`);
          if (offset < w.low || offset > w.high) {
            throw new BadRequestException(`offset ${offset} is outside partition ${partition}'s range [${w.low}, ${w.high}]`);
          }
          return { partition, offset };
        });
      }
      partitions.sort((a, b) => a.partition - b.partition);
      return { group: id, topic, partitions };
    });
    await commitGroupOffsets(this.client, id, topic, applied.partitions, this.env.ADMIN_REQUEST_TIMEOUT_MS);
    return applied;
  }

  private activeConflict(group: GroupDescription, action: string): ConflictException {
    return new ConflictException(
      `group "${group.groupId}" has ${group.members.length} active member(s) (state ${group.state}): stop its consumers before ${action}`,
    );
  }

  private async requireGroup(admin: Admin, id: string): Promise<GroupDescription> {
    const { groups } = await admin.listGroups();
    if (!groups.some((g) => g.groupId === id)) throw new NotFoundException(`consumer group "${id}" does not exist`);
    const { groups: described } = await admin.describeGroups([id]);
    const group = described[0];
    if (!group || group.state === 'Dead') throw new NotFoundException(`consumer group "${id}" does not exist`);
    return group;
  }

  private async lagWith(admin: Admin, id: string, assigned: { topic: string; partition: number }[]): Promise<PartitionLag[]> {
    const committed = await admin.fetchOffsets({ groupId: id });
    const rows = new Map<string, { topic: string; partition: number; offset: number }>();
    for (const t of committed) {
      for (const p of t.partitions) rows.set(`${t.topic}\u0000${p.partition}`, { topic: t.topic, partition: p.partition, offset: Number(p.offset) });
    }
    for (const a of assigned) {
      const key = `${a.topic}\u0000${a.partition}`;
      if (!rows.has(key)) rows.set(key, { ...a, offset: -1 });
    }
    const topics = [...new Set([...rows.values()].map((r) => r.topic))];
    const existing = new Set(await admin.listTopics());
    const highs = new Map<string, number>();
    await allSettled(
      topics
        .filter((t) => existing.has(t))
        .map(async (t) => {
          for (const o of await partitionOffsets(admin, t)) highs.set(`${t}\u0000${o.partition}`, o.high);
        }),
    );
    return [...rows.entries()]
      .map(([key, r]) => partitionLag(r.topic, r.partition, r.offset, highs.get(key)))
      .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  }
}
