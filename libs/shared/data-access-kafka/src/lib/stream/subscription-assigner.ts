import { AssignerProtocol, type GroupMember, type GroupMemberAssignment, type PartitionAssigner } from 'kafkajs';

/** kafkajs's round robin: the name every member of the group must offer. */
const NAME = 'RoundRobinAssigner';
const VERSION = 0;

/** The topics a member subscribed to, from its JoinGroup metadata; undefined when unreadable. */
function subscriptionOf(member: GroupMember): string[] | undefined {
  try {
    return AssignerProtocol.MemberMetadata.decode(member.memberMetadata)?.topics;
  } catch {
    return undefined;
  }
}

/**
 * Round robin over each topic's subscribers: `topic-partition` i goes to the (i mod n)-th of the
 * members that subscribed to the topic. When every member subscribed to every topic, that is
 * kafkajs's round robin exactly, so it keeps its protocol name and a group of old and new members
 * agrees on one.
 *
 * Why not kafkajs's own: it gives every member a share of every topic, whatever it subscribed to,
 * and a member drops the topics it did not ask for, so those partitions would go unread. That
 * matters once a processor runs a consumer per stage in one group (the first stage's reads
 * `text-lines`, the second's the repartition topic). Also, kafkajs hands the leader only its own
 * subscription as `topics`; the others' come from their metadata here, and their partition counts
 * from the cluster once the leader's client knows of them (`addMultipleTargetTopics`).
 *
 * `userData` goes into every member's subscription (`advertisingAssigner` puts its address there).
 */
export function subscriptionAssigner(userData?: Buffer): PartitionAssigner {
  return ({ cluster }) => ({
    name: NAME,
    version: VERSION,
    async assign({ members, topics }): Promise<GroupMemberAssignment[]> {
      const subscribed = new Map<string, string[]>();
      for (const member of members) subscribed.set(member.memberId, subscriptionOf(member) ?? topics);
      const all = [...new Set([...topics, ...[...subscribed.values()].flat()])];
      const unknown = all.filter((topic) => !topics.includes(topic));
      if (unknown.length > 0) await cluster.addMultipleTargetTopics(unknown);
      const sortedMembers = members.map((m) => m.memberId).sort();
      const assignment = new Map<string, Record<string, number[]>>(sortedMembers.map((id) => [id, {}]));
      let i = 0;
      for (const topic of all) {
        const subscribers = sortedMembers.filter((id) => subscribed.get(id)?.includes(topic));
        for (const { partitionId } of cluster.findTopicPartitionMetadata(topic)) {
          if (subscribers.length > 0) {
            const owned = assignment.get(subscribers[i % subscribers.length]) as Record<string, number[]>;
            (owned[topic] ??= []).push(partitionId);
          }
          i += 1;
        }
      }
      return [...assignment].map(([memberId, topicsOf]) => ({ memberId, memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: VERSION, assignment: topicsOf, userData: Buffer.alloc(0) }) }));
    },
    protocol: ({ topics }) => ({ name: NAME, metadata: AssignerProtocol.MemberMetadata.encode({ version: VERSION, topics, userData: userData ?? Buffer.alloc(0) }) }),
  });
}
