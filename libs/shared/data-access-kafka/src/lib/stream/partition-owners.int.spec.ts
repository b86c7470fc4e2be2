import { PartitionAssigners, type Admin, type Consumer, type ConsumerGroupJoinEvent, type Kafka, type PartitionAssigner } from 'kafkajs';
import { createTestTopic, testKafka, uniqueSuffix, waitFor } from '../../testing';
import { advertisingAssigner, findPartitionOwner } from './partition-owners';

/**
 * Against the real broker: the owner findPartitionOwner reads from the group coordinator is the
 * member each consumer was told it is in its own join, with the endpoint that member advertised,
 * also in a group where a member still runs the plain round robin.
 */
describe('findPartitionOwner', () => {
  const PARTITIONS = [0, 1, 2, 3];
  const suffix = uniqueSuffix();
  const topic = `partition-owners-${suffix}`;
  const groupId = `partition-owners-${suffix}`;
  let kafka: Kafka;
  let admin: Admin;
  const members: { consumer: Consumer; endpoint?: string; lastJoin?: ConsumerGroupJoinEvent['payload'] }[] = [];

  beforeAll(async () => {
    kafka = testKafka('partition-owners-test');
    admin = kafka.admin();
    await admin.connect();
    await createTestTopic(admin, topic, PARTITIONS.length);
  });

  afterAll(async () => {
    for (const { consumer } of members) await consumer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  const join = async (assigner: PartitionAssigner, endpoint?: string) => {
    const consumer = kafka.consumer({ groupId, partitionAssigners: [assigner], heartbeatInterval: 300, sessionTimeout: 10_000, maxWaitTimeInMs: 100 });
    const member: (typeof members)[number] = { consumer, endpoint };
    members.push(member);
    consumer.on(consumer.events.GROUP_JOIN, (event) => void (member.lastJoin = event.payload));
    await consumer.connect();
    await consumer.subscribe({ topic });
    await consumer.run({ eachMessage: async () => undefined });
  };

  /** Waits until the group is Stable with every member in it and their latest joins split the topic between them. */
  const settled = () =>
    waitFor(
      async () => {
        const [group] = (await admin.describeGroups([groupId])).groups;
        if (group?.state !== 'Stable' || group.members.length !== members.length) return false;
        const joined = members.map((m) => m.lastJoin);
        if (joined.some((j) => !j || !group.members.some((gm) => gm.memberId === j.memberId))) return false;
        const held = joined.flatMap((j) => j?.memberAssignment[topic] ?? []).sort();
        return held.join() === PARTITIONS.join() ? group : false;
      },
      { timeoutMs: 60_000, description: `${members.length} members settled in ${groupId}` },
    );

  const expectOwnersAsJoined = async () => {
    for (const partition of PARTITIONS) {
      const holder = members.find((m) => m.lastJoin?.memberAssignment[topic]?.includes(partition));
      expect(holder?.lastJoin).toBeDefined();
      const owner = await findPartitionOwner(admin, groupId, topic, partition);
      expect(owner).toEqual({ memberId: holder?.lastJoin?.memberId, clientId: 'partition-owners-test', clientHost: expect.any(String), endpoint: holder?.endpoint });
    }
  };

  it("names each partition's owner as the member joined with it, with its endpoint", async () => {
    await join(advertisingAssigner('http://127.0.0.1:1000'), 'http://127.0.0.1:1000');
    await join(advertisingAssigner('http://127.0.0.1:2000'), 'http://127.0.0.1:2000');
    const group = await settled();
    expect(group.protocol).toBe('RoundRobinAssigner');
    expect(members.map((m) => m.lastJoin?.groupProtocol)).toEqual(['RoundRobinAssigner', 'RoundRobinAssigner']);
    // Both members hold partitions, so both endpoints are read back.
    expect(members.every((m) => (m.lastJoin?.memberAssignment[topic] ?? []).length > 0)).toBe(true);
    await expectOwnersAsJoined();
  });

  it('shares the protocol with a member on the plain round robin, which advertises no endpoint', async () => {
    await join(PartitionAssigners.roundRobin);
    await settled();
    const plain = members[2]?.lastJoin;
    expect(plain?.memberAssignment[topic]?.length).toBeGreaterThan(0);
    await expectOwnersAsJoined();
    const owner = await findPartitionOwner(admin, groupId, topic, plain?.memberAssignment[topic]?.[0] ?? -1);
    expect(owner && 'endpoint' in owner).toBe(false);
  });

  it('finds no owner for a partition the topic lacks, a topic the group does not read, or a group that does not exist', async () => {
    await expect(findPartitionOwner(admin, groupId, topic, PARTITIONS.length)).resolves.toBeUndefined();
    await expect(findPartitionOwner(admin, groupId, `not-read-${suffix}`, 0)).resolves.toBeUndefined();
    await expect(findPartitionOwner(admin, `no-such-group-${suffix}`, topic, 0)).resolves.toBeUndefined();
  });
});
