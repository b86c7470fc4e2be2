#!/usr/bin/env node
/**
 * Keeps a transactional producer's coordinators between requests in kafkajs 2.2.4
 * (src/producer/eosManager/index.js), applied by tools/patches/apply.cjs after every npm install
 * (postinstall) and in the Docker runtime stage.
 *
 * kafkajs asks the cluster for the transaction coordinator before every AddPartitionsToTxn,
 * AddOffsetsToTxn and EndTxn, and for the group coordinator before every TxnOffsetCommit: four
 * FindCoordinator round trips in a transaction of five requests that do the work. An exactly-once
 * stage pays them on every transaction, twice on the way from an input to a result when a
 * repartition sits between. The Java client keeps its coordinators until a request fails. So does
 * this fix: each producer remembers both coordinators and forgets them when a request to them
 * fails or their connection has dropped, so a moved coordinator is found again on the next try.
 * Plain CommonJS on purpose: it runs before anything is built.
 */
'use strict';
const { definePatch } = require('./kafkajs-patch.cjs');

const MARK = '/* kstream: coordinators kept per producer (tools/patches/kafkajs-coordinator-cache.cjs) */';

const FIND = {
  original: `  const findTransactionCoordinator = () => {
    return cluster.findGroupCoordinator({
      groupId: transactionalId,
      coordinatorType: COORDINATOR_TYPES.TRANSACTION,
    })
  }
`,
  fixed: `  ${MARK}
  const knownCoordinators = new Map()
  const forgetCoordinators = () => knownCoordinators.clear()
  const findCoordinator = async (groupId, coordinatorType) => {
    const key = \`\${coordinatorType}:\${groupId}\`
    const known = knownCoordinators.get(key)
    if (known && known.isConnected()) return known
    const broker = await cluster.findGroupCoordinator({ groupId, coordinatorType })
    knownCoordinators.set(key, broker)
    return broker
  }
  const findTransactionCoordinator = () =>
    findCoordinator(transactionalId, COORDINATOR_TYPES.TRANSACTION)
  const withTransactionCoordinator = async request => {
    try {
      return await request(await findTransactionCoordinator())
    } catch (e) {
      forgetCoordinators()
      throw e
    }
  }
`,
};

const ADD_PARTITIONS = {
  original: `          const broker = await findTransactionCoordinator()
          await broker.addPartitionsToTxn({ transactionalId, producerId, producerEpoch, topics })
`,
  fixed: `          await withTransactionCoordinator(broker =>
            broker.addPartitionsToTxn({ transactionalId, producerId, producerEpoch, topics })
          )
`,
};

const endTxn = (result) => ({
  original: `        const broker = await findTransactionCoordinator()
        await broker.endTxn({
          producerId,
          producerEpoch,
          transactionalId,
          transactionResult: ${result},
        })
`,
  fixed: `        await withTransactionCoordinator(broker =>
          broker.endTxn({
            producerId,
            producerEpoch,
            transactionalId,
            transactionResult: ${result},
          })
        )
`,
});

const ADD_OFFSETS = {
  original: `        const transactionCoordinator = await findTransactionCoordinator()

        // Do we need to add offsets if we've already done so for this consumer group?
        await transactionCoordinator.addOffsetsToTxn({
          transactionalId,
          producerId,
          producerEpoch,
          groupId: consumerGroupId,
        })
`,
  fixed: `        await withTransactionCoordinator(transactionCoordinator =>
          transactionCoordinator.addOffsetsToTxn({
            transactionalId,
            producerId,
            producerEpoch,
            groupId: consumerGroupId,
          })
        )
`,
};

const GROUP_COORDINATOR = {
  original: `        let groupCoordinator = await cluster.findGroupCoordinator({
          groupId: consumerGroupId,
          coordinatorType: COORDINATOR_TYPES.GROUP,
        })

        return retrier(`,
  fixed: `        let groupCoordinator = await findCoordinator(consumerGroupId, COORDINATOR_TYPES.GROUP)

        return retrier(`,
};

const OFFSET_COMMIT_FAILED = {
  original: `          } catch (e) {
            if (COMMIT_RETRIABLE_PROTOCOL_ERRORS.includes(e.type)) {`,
  fixed: `          } catch (e) {
            forgetCoordinators()
            if (COMMIT_RETRIABLE_PROTOCOL_ERRORS.includes(e.type)) {`,
};

definePatch(module, [
  {
    file: 'src/producer/eosManager/index.js',
    edits: [FIND, ADD_PARTITIONS, endTxn('true'), endTxn('false'), ADD_OFFSETS, GROUP_COORDINATOR, OFFSET_COMMIT_FAILED],
    mark: MARK,
    done: 'transactional producers keep their coordinators between requests',
    check: 'check whether the new version still looks its coordinators up before every transactional request',
  },
]);
