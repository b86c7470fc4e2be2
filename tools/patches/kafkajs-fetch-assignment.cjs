#!/usr/bin/env node
/**
 * Stops a rejoin in the middle of a fetch from killing kafkajs 2.2.4's consumer for good
 * (src/consumer/consumerGroup.js), applied by tools/patches/apply.cjs after every npm install
 * (postinstall) and in the Docker runtime stage.
 *
 * `fetch` reads the member's assignment, awaits `seekOffsets` (which may ask the coordinator for
 * offsets), then looks each assigned partition up in the offset manager's committed offsets. A join
 * that lands during that await (another broker's fetcher recovering, a heartbeat that saw a
 * rebalance) replaces the offset manager and clears the topics the new assignment lacks, so the
 * lookup reads `committedOffsets[topic][partition]` of a topic that is gone: "Cannot read properties
 * of undefined (reading '1')" (kafkajs#558, #1366). A TypeError is not retriable, so kafkajs stops
 * the consumer with `restart: false`. A member with an empty assignment makes it likely; a consumer
 * per stage in one group makes that common. The fix fetches only partitions the current assignment
 * still holds: exactly what kafkajs already does for a partition whose offsets were cleared, one
 * line above; the next fetch loop takes the new assignment.
 * Plain CommonJS on purpose: it runs before anything is built.
 */
'use strict';
const { definePatch } = require('./kafkajs-patch.cjs');

const MARK = '/* kstream: only partitions the current assignment holds (tools/patches/kafkajs-fetch-assignment.cjs) */';
const ORIGINAL = `                committedOffsets[topic][partition] != null &&
                activeTopicPartitions[topic].has(partition)
`;
const FIXED = `                ${MARK}
                committedOffsets[topic] != null &&
                committedOffsets[topic][partition] != null &&
                activeTopicPartitions[topic] != null &&
                activeTopicPartitions[topic].has(partition)
`;
definePatch(module, [
  {
    file: 'src/consumer/consumerGroup.js',
    edits: [{ original: ORIGINAL, fixed: FIXED }],
    mark: MARK,
    done: 'a fetch skips partitions a rejoin took away meanwhile',
    check: 'check whether fetch() still indexes committedOffsets[topic] and activeTopicPartitions[topic] unguarded',
  },
]);
