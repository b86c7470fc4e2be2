import type { RecordMetadata } from 'kafkajs';
import { AnswerCheck, UnconfirmedSendError } from './answer-check';

const answer = (topicName: string, partition: number, baseOffset: string): RecordMetadata => ({ topicName, partition, errorCode: 0, baseOffset });

describe('AnswerCheck', () => {
  it('accepts base offsets that grow per partition, independently of other partitions and topics', () => {
    const check = new AnswerCheck();
    check.check([answer('a', 0, '10'), answer('a', 1, '3'), answer('b', 0, '0')]);
    expect(() => check.check([answer('a', 0, '11'), answer('a', 1, '4'), answer('b', 0, '1')])).not.toThrow();
  });

  it("refuses an answer at or below the producer's earlier base offset in that partition: a dropped duplicate", () => {
    const check = new AnswerCheck();
    check.check([answer('a', 2, '1692')]);
    expect(() => check.check([answer('a', 2, '1692')])).toThrow(UnconfirmedSendError);
    expect(() => check.check([answer('a', 2, '1000')])).toThrow(/a-2 with offset 1000, not past 1692/);
  });

  it('refuses an answer without an offset, or without a partition the caller wrote to', () => {
    const check = new AnswerCheck();
    expect(() => check.check([answer('a', 0, '-1')])).toThrow("the broker's answer has no offset for a-0");
    expect(() => check.check([answer('a', 0, '5')], [{ topic: 'a', partition: 0 }, { topic: 'a', partition: 1 }])).toThrow("the broker's answer has no offset for a-1");
  });

  it('forgets everything on reset, for a new producer id or epoch', () => {
    const check = new AnswerCheck();
    check.check([answer('a', 0, '50')]);
    check.reset();
    expect(() => check.check([answer('a', 0, '0')])).not.toThrow();
  });
});
