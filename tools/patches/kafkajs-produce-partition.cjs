#!/usr/bin/env node
/**
 * Keeps a message on the partition it was given at the first attempt of a send, when kafkajs 2.2.4
 * retries it (src/producer/sendMessages.js, as tools/patches/kafkajs-produce-retry.cjs leaves it),
 * applied by tools/patches/apply.cjs after every npm install (postinstall) and in the Docker
 * runtime stage, after that patch.
 *
 * Each attempt of a send grouped all its messages by partition again, asking the partitioner anew.
 * For a message with a key that changes nothing; a keyless one gets the default partitioner's next
 * round-robin pick, so on a retry it can move to another partition. With the answers kept per
 * partition (the produce-retry patch), a retry sends only the partitions without an answer yet: a
 * message that moved from an answered partition to an unanswered one was appended twice, and one
 * that moved the other way was never sent, yet the send resolved. The reliability suite's
 * three-node leader kill showed both in word-count's keyless `word-counts` records, committed in one
 * transaction with their input's offset (three runs: 53 to 88 lines counted twice, 32 to 47 never,
 * both copies of a duplicate committed for Kafka's Java reader too), while the keyed outputs of the
 * same transactions were exact. The Java client keeps a record in the batch it
 * was first appended to, retries included; so does this fix: the grouping is made once per send.
 * Plain CommonJS on purpose: it runs before anything is built.
 */
'use strict';
const { definePatch } = require('./kafkajs-patch.cjs');

const MARK = '/* kstream: a message keeps its partition across retries (tools/patches/kafkajs-produce-partition.cjs) */';

const STATE = {
  original: `    const responsePerPartition = new Map()
`,
  fixed: `    const responsePerPartition = new Map()
    ${MARK}
    // The partition each message was given at the first attempt, per topic: a retry must not move it.
    const partitionsChosen = new Map()
`,
};

const GROUPING = {
  original: `        const messagesPerPartition = groupMessagesPerPartition({
          topic,
          partitionMetadata,
          messages,
          partitioner,
        })
`,
  fixed: `        let messagesPerPartition = partitionsChosen.get(topic)
        if (!messagesPerPartition) {
          messagesPerPartition = groupMessagesPerPartition({
            topic,
            partitionMetadata,
            messages,
            partitioner,
          })
          partitionsChosen.set(topic, messagesPerPartition)
        }
`,
};

definePatch(module, [
  {
    file: 'src/producer/sendMessages.js',
    edits: [STATE, GROUPING],
    mark: MARK,
    done: 'a message keeps its partition across the retries of a send',
    check: 'check whether the new version still groups the messages by partition again on each attempt of a send',
  },
]);
