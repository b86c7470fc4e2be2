import type { RecordMetadata } from 'kafkajs';
import { KstreamError } from '../errors';

/** The broker's answer to a send does not confirm every record: they may or may not be stored. */
export class UnconfirmedSendError extends KstreamError {
  constructor(message: string) {
    super(message, false);
    this.name = 'UnconfirmedSendError';
  }
}

/**
 * Checks a producer's answers before anyone relies on them: each partition written has a base
 * offset, and it lies past every base offset this producer was answered with in that partition.
 *
 * Offsets only grow, so a new batch always lands past the producer's earlier ones. An answer at or
 * below one of them is the broker's answer to a batch whose producer id, epoch and sequence number
 * it already holds: it took the batch for a retry of that one, answered with that one's offset and
 * dropped the records (docs/reliability.md, finding 9: kafkajs reused a sequence number after a
 * leader died). A new producer id or epoch cannot be taken for the old one: call reset() then.
 */
export class AnswerCheck {
  private readonly lastBase = new Map<string, bigint>();

  /** `written`: the partitions the send wrote to, where the caller chose them; each must be answered. */
  check(answers: readonly RecordMetadata[], written: Iterable<{ readonly topic: string; readonly partition: number }> = []): void {
    const seen = new Set<string>();
    for (const answer of answers) {
      const key = `${answer.topicName}\u0000${answer.partition}`;
      seen.add(key);
      const base = answer.baseOffset ?? answer.offset;
      if (base === undefined || base === '-1') throw new UnconfirmedSendError(`the broker's answer has no offset for ${answer.topicName}-${answer.partition}`);
      const last = this.lastBase.get(key);
      if (last !== undefined && BigInt(base) <= last) {
        throw new UnconfirmedSendError(
          `the broker answered ${answer.topicName}-${answer.partition} with offset ${base}, not past ${last} where this producer's earlier batch went: ` +
            'it took the batch for a duplicate (a sequence number used twice) and did not store it',
        );
      }
      this.lastBase.set(key, BigInt(base));
    }
    for (const { topic, partition } of written) {
      if (!seen.has(`${topic}\u0000${partition}`)) throw new UnconfirmedSendError(`the broker's answer has no offset for ${topic}-${partition}`);
    }
  }

  reset(): void {
    this.lastBase.clear();
  }
}
