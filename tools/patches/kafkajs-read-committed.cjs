#!/usr/bin/env node
/**
 * Fixes kafkajs 2.2.4's read_committed filter (src/consumer/filterAbortedMessages.js), applied by
 * tools/patches/apply.cjs after every npm install (postinstall) and in the Docker runtime stage.
 *
 * kafkajs drops the records of aborted transactions with the broker's list of aborted
 * transactions, but it takes at most one entry of that list per record and expects the list in
 * order of first offset. The broker lists them in the order they were aborted. When two
 * transactional producers' transactions interleave in one partition (the exactly-once engine runs
 * one producer per input partition, and several instances) and both abort, records of the first
 * one reach a read_committed consumer: seen with two producers, two interleaved aborted
 * transactions and one committed record, where kafkajs delivered an aborted record next to the
 * committed one (data-access-kafka's read-committed.int.spec.ts). The Java client instead keeps
 * the aborted transactions in order of first offset and takes every one that has started.
 * Plain CommonJS on purpose: it runs before anything is built.
 */
'use strict';
const { definePatch } = require('./kafkajs-patch.cjs');

const MARK = '/* kstream: read_committed filter fixed (tools/patches/kafkajs-read-committed.cjs) */';
const ORIGINAL = `  const remainingAbortedTransactions = [...abortedTransactions]

  return messages.filter(message => {
    // If the message offset is GTE the first offset of the next aborted transaction
    // then we have stepped into an aborted transaction.
    if (
      remainingAbortedTransactions.length &&
      Long.fromValue(message.offset).gte(remainingAbortedTransactions[0].firstOffset)
    ) {
      const { producerId } = remainingAbortedTransactions.shift()
      currentAbortedTransactions.set(producerId, true)
    }
`;
const FIXED = `  ${MARK}
  const remainingAbortedTransactions = [...abortedTransactions].sort((a, b) =>
    Long.fromValue(a.firstOffset).compare(Long.fromValue(b.firstOffset))
  )

  return messages.filter(message => {
    // Every aborted transaction that has started by this offset, in order of first offset.
    while (
      remainingAbortedTransactions.length &&
      Long.fromValue(message.offset).gte(remainingAbortedTransactions[0].firstOffset)
    ) {
      const { producerId } = remainingAbortedTransactions.shift()
      currentAbortedTransactions.set(producerId, true)
    }
`;
definePatch(module, [
  {
    file: 'src/consumer/filterAbortedMessages.js',
    edits: [{ original: ORIGINAL, fixed: FIXED }],
    mark: MARK,
    done: 'read_committed filter fixed',
    check: 'check whether the new version orders aborted transactions',
  },
]);
