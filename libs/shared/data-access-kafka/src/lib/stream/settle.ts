import type { Admin } from 'kafkajs';
import type { OpenTransaction, TopicPartition, TransactionAdmin } from '../client/transaction-admin';
import type { EngineLogger } from './engine-options';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long one attempt of `settle` waits for the markers it wrote to show, and how many attempts it makes. */
const SETTLE_WAIT_MS = 10_000;
const SETTLE_ATTEMPTS = 5;

/** What the coordinator recorded last for a transactional id, as the outcome its open records must get. */
export function outcomeOf(state: string | undefined): 'commit' | 'abort' | undefined {
  if (state === 'PrepareCommit' || state === 'CompleteCommit') return 'commit';
  if (state === 'Ongoing' || state === 'PrepareAbort' || state === 'CompleteAbort' || state === 'PrepareEpochFence') return 'abort';
  return undefined; // Empty, Dead or unknown: nothing was decided since the last fence
}

function describeOpen(open: readonly OpenTransaction[]): string {
  return open.map((t) => `${t.topic}-${t.partition} (producer ${t.producerId}, epoch ${t.producerEpoch}, from offset ${t.startOffset})`).join(', ');
}

/**
 * Ends what a transactional id left open where Kafka skipped its markers; see `settle`. One per
 * engine; `lastOutcome` is the engine's record, per slot, of what the coordinator had decided for
 * the slot's id when it was fenced.
 */
export class TransactionSettler {
  constructor(
    private readonly admin: Admin,
    private readonly transactions: TransactionAdmin,
    private readonly logger: EngineLogger,
    private readonly groupId: string,
    /** Every topic a transaction of the engine writes: the stages' outputs and changelogs and the DLQ. */
    private readonly topics: readonly string[],
    private readonly lastOutcome: Map<string, 'commit' | 'abort'>,
    private readonly idOf: (key: string) => string,
    private readonly describe: (key: string) => string,
  ) {}

  /**
   * Writes the markers Kafka left out: ends, for each of the given partitions' transactional ids, any
   * transaction still open in a partition it writes (outputs, DLQ, changelog).
   *
   * The fence makes the coordinator complete the previous owner's transaction, and a failed batch is
   * aborted, but Kafka (4.3.1, TransactionMarkerChannelManager) skips the marker of any partition
   * that has no leader at that moment, taking it for deleted ("Couldn't find leader endpoint for
   * partitions ... likely deleted already and hence can be skipped"), and still completes the
   * transaction. A single broker that restarted or fenced itself has no leaders for a moment. The
   * records the transaction had appended there stay open under its producer id, and the next
   * marker of that id in the partition decides their fate: the reliability suite found results
   * written twice (an aborted transaction's records committed by the next one, finding 6) and
   * results lost (a committed one's aborted by the next abort, finding 8).
   *
   * So after each fence the engine asks the partition leaders which producers have a transaction
   * open (DescribeProducers) and, for its own producer ids, ends it with the outcome the coordinator
   * had recorded before the fence (DescribeTransactions: a commit stays a commit): an empty
   * transaction over exactly those partitions, whose EndTxn writes the missing markers. It checks
   * again until nothing of its own is open, for SETTLE_WAIT_MS per attempt.
   */
  async settle(keys: readonly string[]): Promise<void> {
    const targets = await this.markedPartitions();
    // The producer id and epoch the fence gave each id; nothing re-initialises them until settled.
    const owners = new Map<string, { producerId: string; producerEpoch: number }>();
    for (const key of keys) {
      const id = this.idOf(key);
      const now = await this.transactions.describeTransaction(id);
      if (!now) throw new Error(`the coordinator does not know ${id} right after its fence`);
      owners.set(key, { producerId: now.producerId, producerEpoch: now.producerEpoch });
    }
    for (let attempt = 1; ; attempt++) {
      const ownedBy = (open: OpenTransaction[], key: string) => open.filter((t) => t.producerId === owners.get(key)?.producerId);
      let open = await this.transactions.openTransactions(targets);
      const hanging = keys.filter((key) => ownedBy(open, key).length > 0);
      if (hanging.length === 0) {
        for (const key of keys) this.lastOutcome.delete(key);
        return;
      }
      if (attempt > SETTLE_ATTEMPTS) throw new Error(`transactions still open after ${SETTLE_ATTEMPTS} attempts to write their markers: ${describeOpen(open.filter((t) => hanging.some((key) => owners.get(key)?.producerId === t.producerId)))}`);
      for (const key of hanging) {
        const where = ownedBy(open, key);
        const owner = owners.get(key);
        const id = this.idOf(key);
        if (!owner) continue; // every partition of `hanging` has one: it was found through it
        const commit = this.lastOutcome.get(key) === 'commit';
        this.logger.warn(
          `${this.describe(key)}: ${id} has a transaction open in ${describeOpen(where)} that the coordinator completed without writing its marker there ` +
            `(Kafka skips partitions that have no leader at that moment); writing its ${commit ? 'COMMIT' : 'ABORT'} marker`,
        );
        // The group's offsets partition gets the same marker: the offsets the transaction sent may be
        // left pending there too, and must end the way its outputs do.
        await this.transactions.endWithMarkers(id, owner, where, commit, this.groupId);
      }
      const deadline = Date.now() + SETTLE_WAIT_MS;
      while (hanging.some((key) => ownedBy(open, key).length > 0) && Date.now() < deadline) {
        await sleep(100);
        open = await this.transactions.openTransactions(targets);
      }
    }
  }

  /** Every partition a transaction of this engine writes records to: the output topics', the DLQ's and the changelog's. */
  private async markedPartitions(): Promise<TopicPartition[]> {
    const metadata = await this.admin.fetchTopicMetadata({ topics: [...this.topics] });
    return metadata.topics.flatMap(({ name, partitions }) => partitions.map(({ partitionId }) => ({ topic: name, partition: partitionId })));
  }
}
