import { AssignerProtocol, type Cluster, type Logger } from 'kafkajs';
import { subscriptionAssigner } from './subscription-assigner';

/** Enough of a cluster for an assigner: each topic's partitions, known once targeted, as kafkajs's client does. */
function cluster(partitions: Record<string, number>, known: string[]): Cluster & { targeted: string[][] } {
  const targeted: string[][] = [];
  return {
    targeted,
    addMultipleTargetTopics: async (topics: string[]) => {
      targeted.push(topics);
      known.push(...topics);
    },
    findTopicPartitionMetadata: (topic: string) => {
      if (!known.includes(topic)) throw new Error(`Topic metadata not loaded: ${topic}`);
      return Array.from({ length: partitions[topic] ?? 0 }, (_, partitionId) => ({ partitionErrorCode: 0, partitionId, leader: 0, replicas: [0], isr: [0] }));
    },
  } as unknown as Cluster & { targeted: string[][] };
}

const quiet = { info: () => undefined, error: () => undefined, warn: () => undefined, debug: () => undefined } as unknown as Logger;
const decode = (assignments: { memberId: string; memberAssignment: Buffer }[]) =>
  Object.fromEntries(assignments.map((a) => [a.memberId, AssignerProtocol.MemberAssignment.decode(a.memberAssignment)?.assignment]));

describe('subscriptionAssigner', () => {
  const partitions = { lines: 3, repartition: 3 };
  const member = (memberId: string, topics: string[]) => ({ memberId, memberMetadata: subscriptionAssigner()({ cluster: cluster({}, []), groupId: 'g', logger: quiet }).protocol({ topics }).metadata });

  it("gives each topic's partitions only to the members that subscribed to it, even when the leader reads one topic", async () => {
    // A processor with a consumer per stage, two instances: a1/b1 read lines, a2/b2 the repartition topic.
    const c = cluster(partitions, ['lines']);
    const leader = subscriptionAssigner()({ cluster: c, groupId: 'g', logger: quiet });
    const members = [member('a1', ['lines']), member('a2', ['repartition']), member('b1', ['lines']), member('b2', ['repartition'])];
    // kafkajs passes the leader's own subscription as `topics`. The count runs on over topics, so each instance gets three of the six.
    const assigned = decode(await leader.assign({ members, topics: ['lines'] }));
    expect(assigned).toEqual({ a1: { lines: [0, 2] }, a2: { repartition: [1] }, b1: { lines: [1] }, b2: { repartition: [0, 2] } });
    expect(c.targeted).toEqual([['repartition']]);
  });

  it('is the plain round robin when every member subscribed to every topic', async () => {
    const c = cluster(partitions, ['lines', 'repartition']);
    const leader = subscriptionAssigner()({ cluster: c, groupId: 'g', logger: quiet });
    const members = [member('m-1', ['lines', 'repartition']), member('m-0', ['lines', 'repartition'])];
    expect(decode(await leader.assign({ members, topics: ['lines', 'repartition'] }))).toEqual({ 'm-0': { lines: [0, 2], repartition: [1] }, 'm-1': { lines: [1], repartition: [0, 2] } });
    expect(c.targeted).toEqual([]);
  });

  it('leaves a member with nothing to read an empty assignment, not out of the answer', async () => {
    const leader = subscriptionAssigner()({ cluster: cluster({ lines: 1 }, ['lines']), groupId: 'g', logger: quiet });
    expect(decode(await leader.assign({ members: [member('a', ['lines']), member('b', ['lines'])], topics: ['lines'] }))).toEqual({ a: { lines: [0] }, b: {} });
  });
});
