#!/usr/bin/env node
/**
 * Fixes kafkajs 2.2.4's produce retry (src/producer/sendMessages.js), applied by
 * tools/patches/apply.cjs after every npm install (postinstall) and in the Docker runtime stage.
 *
 * A send to partitions led by several brokers makes one request per broker and waits for all of
 * them (Promise.all); kafkajs keeps the answers per broker, and a retry sends again only to the
 * brokers without one. Two faults follow, both seen in the reliability suite's three-node leader kill:
 *
 * 1. Records written two or three times (finding 7). When one request fails fast (a killed broker:
 *    ECONNREFUSED), the retrier runs again while the request to a healthy broker is still in flight;
 *    the retry waits for that broker's lock and, once the first request has succeeded, sends the same
 *    records again with the next sequence numbers, which the broker appends: results of word-counts
 *    three times in a row inside one transaction, with the engine's producers retrying after 10 ms.
 * 2. Records acked and lost (finding 9). When a partition's leader died and the partition moved to a
 *    broker that had already answered for other partitions of the same send, the retry skips that
 *    broker, so the partition is never sent again, and the send resolves without an answer for it.
 *    Its sequence number was taken back when the request failed, although the dead leader may have
 *    stored (and replicated) the batch; the next send then reuses the number, the broker takes the new
 *    batch for a duplicate and answers with the old batch's offset. Ingest acked an id at an offset
 *    that holds another one.
 *
 * The fix keeps the answers per partition: each attempt sends every partition without an answer to
 * its leader now, and checks again, holding the broker's lock, which partitions were answered
 * meanwhile. Plain CommonJS on purpose: it runs before anything is built.
 */
'use strict';
const { definePatch } = require('./kafkajs-patch.cjs');

const MARK = '/* kstream: produce retry fixed (tools/patches/kafkajs-produce-retry.cjs) */';

/** The changed lines of sendMessages only; the rest of the function stays as kafkajs 2.2.4 has it. */
const EDITS = [
  // the answers, kept per partition
  {
    original: `    /** @type {Map<import("../../types").Broker, any[]>} */
    const responsePerBroker = new Map()

    /** @param {Map<import("../../types").Broker, any[]>} responsePerBroker */
    const createProducerRequests = async responsePerBroker => {
      const topicMetadata = new Map()
`,
    fixed: `    /* kstream: produce retry fixed (tools/patches/kafkajs-produce-retry.cjs) */
    // Answers are kept per partition, not per broker: a retry sends every partition that has no
    // answer yet to its leader now, also when that broker answered for other partitions already.
    /** @type {Map<string, any>} */
    const responsePerPartition = new Map()
    const partitionKey = (topic, partition) => \`\${topic}\\u0000\${partition}\`

    const createProducerRequests = async () => {
      const topicMetadata = new Map()
      const leaders = new Map()
`,
  },
  // each partition a retry still has to send
  {
    original: `        const partitions = keys(messagesPerPartition)
        const partitionsPerLeader = cluster.findLeaderForPartitions(topic, partitions)
        const leaders = keys(partitionsPerLeader)
`,
    fixed: `        const partitions = keys(messagesPerPartition).filter(
          partition => !responsePerPartition.has(partitionKey(topic, partition))
        )
        const partitionsPerLeader = cluster.findLeaderForPartitions(topic, partitions)
`,
  },
  // one request per leader, re-checked under its lock
  {
    original: `        for (const nodeId of leaders) {
          const broker = await cluster.findBroker({ nodeId })
          if (!responsePerBroker.has(broker)) {
            responsePerBroker.set(broker, null)
          }
        }
      }

      const brokers = Array.from(responsePerBroker.keys())
      const brokersWithoutResponse = brokers.filter(broker => !responsePerBroker.get(broker))

      return brokersWithoutResponse.map(async broker => {
        const entries = Array.from(topicMetadata.entries())
        const topicDataForBroker = entries
          .filter(([_, { partitionsPerLeader }]) => !!partitionsPerLeader[broker.nodeId])
          .map(([topic, { partitionsPerLeader, messagesPerPartition, sequencePerPartition }]) => ({
            topic,
            partitions: partitionsPerLeader[broker.nodeId],
            messagesPerPartition,
          }))

        const topicData = createTopicData(topicDataForBroker)

        await eosManager.acquireBrokerLock(broker)
        try {
`,
    fixed: `        for (const nodeId of keys(partitionsPerLeader)) {
          if (!leaders.has(nodeId)) {
            leaders.set(nodeId, await cluster.findBroker({ nodeId }))
          }
        }
      }

      return Array.from(leaders.values()).map(async broker => {
        await eosManager.acquireBrokerLock(broker)
        try {
          // Partitions an earlier attempt's request got answers for while this one waited for the
          // lock are not sent again: that would append their records twice.
          const topicDataForBroker = Array.from(topicMetadata.entries())
            .map(([topic, { partitionsPerLeader, messagesPerPartition }]) => ({
              topic,
              partitions: (partitionsPerLeader[broker.nodeId] || []).filter(
                partition => !responsePerPartition.has(partitionKey(topic, partition))
              ),
              messagesPerPartition,
            }))
            .filter(({ partitions }) => partitions.length > 0)
          if (topicDataForBroker.length === 0) return

          const topicData = createTopicData(topicDataForBroker)

`,
  },
  // an answer marks its partitions
  {
    original: `          const expectResponse = acks !== 0
          const formattedResponse = expectResponse ? responseSerializer(response) : []

          responsePerBroker.set(broker, formattedResponse)
        } catch (e) {
          responsePerBroker.delete(broker)
          throw e
        } finally {
`,
    fixed: `          if (acks !== 0) {
            for (const answer of responseSerializer(response)) {
              responsePerPartition.set(partitionKey(answer.topicName, answer.partition), answer)
            }
          } else {
            topicData.forEach(({ topic, partitions }) => {
              partitions.forEach(entry => responsePerPartition.set(partitionKey(topic, entry.partition), null))
            })
          }
        } finally {
`,
  },
  // the result: every partition's answer
  {
    original: `        const requests = await createProducerRequests(responsePerBroker)
        await Promise.all(requests)
        return Array.from(responsePerBroker.values()).flat()
`,
    fixed: `        const requests = await createProducerRequests()
        await Promise.all(requests)
        return Array.from(responsePerPartition.values()).filter(answer => answer !== null)
`,
  },
];
definePatch(module, [
  {
    file: 'src/producer/sendMessages.js',
    edits: EDITS,
    mark: MARK,
    done: 'produce retry fixed',
    check: 'check whether a retry still keeps answers per broker',
  },
]);
