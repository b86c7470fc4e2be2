#!/usr/bin/env node
/**
 * Makes kafkajs 2.2.4's grouping of a send's messages by partition linear
 * (src/producer/groupMessagesPerPartition.js), applied by tools/patches/apply.cjs after every npm
 * install (postinstall) and in the Docker runtime stage.
 *
 * kafkajs adds each message to its partition's list by copying the list (`[...current, message]`),
 * so a send of n messages to one partition copies n²/2 references. The exactly-once services send
 * up to 2,000 outputs per transaction: an allocation profile of word-count draining 50,000 lines
 * put 650 MB of its 2.2 GB allocated (29.5 %) in this one line, most of it promoted to the old
 * space, which is what drove the services' peak RSS (docs/benchmarks.md). The fix keeps the same
 * result (an object of partition → messages in their order) and appends in place
 * (tools/patches/kafkajs-patches.spec.ts compares both versions). Every kafkajs
 * producer in this repository runs it, the benchmarks' raw kafkajs baselines included.
 * Plain CommonJS on purpose: it runs before anything is built.
 */
'use strict';
const { definePatch } = require('./kafkajs-patch.cjs');

const MARK = '/* kstream: grouping made linear (tools/patches/kafkajs-group-messages.cjs) */';
const ORIGINAL = `  return messages.reduce((result, message) => {
    const partition = partitioner({ topic, partitionMetadata, message })
    const current = result[partition] || []
    return Object.assign(result, { [partition]: [...current, message] })
  }, {})
`;
const FIXED = `  ${MARK}
  const result = {}
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message })
    const current = result[partition]
    if (current) current.push(message)
    else result[partition] = [message]
  }
  return result
`;
definePatch(module, [
  {
    file: 'src/producer/groupMessagesPerPartition.js',
    edits: [{ original: ORIGINAL, fixed: FIXED }],
    mark: MARK,
    done: 'grouping of messages per partition made linear',
    check: 'check whether the new version still copies the list per message',
  },
]);
