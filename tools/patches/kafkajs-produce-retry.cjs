#!/usr/bin/env node
/**
 * Fixes kafkajs 2.2.4's produce retry (src/producer/sendMessages.js), run after every npm install
 * (postinstall) and in the Docker runtime stage, next to kafkajs-read-committed.cjs.
 *
 * A send to partitions led by several brokers makes one request per broker and waits for all of
 * them (Promise.all). When one fails fast (a killed broker: ECONNREFUSED), the retrier runs again
 * after its retry time while the request to a healthy broker may still be in flight. The retry picks
 * every broker that has no answer yet, that one included, waits for its lock, and once the first
 * request has succeeded sends the same records again with the next sequence numbers, which the
 * broker appends as new records. Seen in the reliability suite's three-node leader kill: results of
 * word-counts written three times in a row inside one transaction (0@102, 0@107 and 0@112 from the
 * same input record), with the engine's transactional producers retrying after 10 ms. The fix
 * checks again, holding the broker's lock, whether that broker has answered meanwhile.
 * Plain CommonJS on purpose: it runs before anything is built.
 */
'use strict';
const { patchKafkajs } = require('./kafkajs-patch.cjs');

const MARK = '/* kstream: produce retry fixed (tools/patches/kafkajs-produce-retry.cjs) */';
const ORIGINAL = `        await eosManager.acquireBrokerLock(broker)
        try {
          if (eosManager.isTransactional()) {`;
const FIXED = `        await eosManager.acquireBrokerLock(broker)
        try {
          ${MARK}
          // An earlier attempt's request to this broker may have succeeded while this one waited
          // for the lock: sending again would append the records twice.
          if (responsePerBroker.get(broker)) return
          if (eosManager.isTransactional()) {`;
patchKafkajs({
  file: 'src/producer/sendMessages.js',
  original: ORIGINAL,
  fixed: FIXED,
  mark: MARK,
  done: 'produce retry fixed',
  check: 'check whether a retry can still resend to a broker that answered',
  script: 'kafkajs-produce-retry.cjs',
});
