import type { Producer, ProducerBatch, RecordMetadata } from 'kafkajs';
import { UnconfirmedSendError } from './answer-check';
import { SequenceSafeProducer } from './sequence-safe-producer';

/*
 * The answer check only (what the producer does with what kafkajs returned), with stand-in
 * producers that return scripted answers. What the broker does is in the .int.spec next to it.
 */
const answer = (partition: number, baseOffset: string): RecordMetadata => ({ topicName: 't', partition, errorCode: 0, baseOffset });
const batch = (partitions: number[], acks = -1): ProducerBatch => ({ acks, topicMessages: [{ topic: 't', messages: partitions.map((partition) => ({ value: 'v', partition })) }] });

function scripted(answers: RecordMetadata[][]) {
  const created: Producer[] = [];
  const create = () => {
    const producer = {
      connect: async () => undefined,
      disconnect: async () => undefined,
      sendBatch: async () => answers.shift() ?? [],
    } as unknown as Producer;
    created.push(producer);
    return producer;
  };
  return { producer: new SequenceSafeProducer(create), created };
}

describe('SequenceSafeProducer answer check', () => {
  it('passes answers whose offsets lie past what it confirmed before, per partition', async () => {
    const { producer } = scripted([[answer(2, '1692'), answer(0, '10')], [answer(2, '1694')], [answer(2, '1700')]]);
    await expect(producer.sendBatch(batch([2, 2, 0]))).resolves.toHaveLength(2);
    await expect(producer.sendBatch(batch([2]))).resolves.toEqual([answer(2, '1694')]);
    await expect(producer.sendBatch(batch([2]))).resolves.toEqual([answer(2, '1700')]);
    expect(producer.replaced).toBe(0);
  });

  it('fails a batch the broker answered with an earlier batch offset (a reused sequence number) and replaces the producer', async () => {
    const { producer, created } = scripted([[answer(2, '1692')], [answer(2, '1692')], [answer(2, '0')]]);
    await producer.sendBatch(batch([2]));
    await expect(producer.sendBatch(batch([2]))).rejects.toThrow(UnconfirmedSendError);
    expect(producer.replaced).toBe(1);
    expect(created).toHaveLength(2);
    // The successor starts afresh: a partition back at low offsets (a topic created again) is accepted.
    await expect(producer.sendBatch(batch([2]))).resolves.toEqual([answer(2, '0')]);
  });

  it('fails a batch whose answer leaves out a partition it wrote to', async () => {
    const { producer } = scripted([[answer(0, '5')]]);
    await expect(producer.sendBatch(batch([0, 1]))).rejects.toThrow("the broker's answer has no offset for t-1");
  });

  it('checks nothing with acks=0, where the broker answers nothing', async () => {
    const { producer } = scripted([[]]);
    await expect(producer.sendBatch(batch([0], 0))).resolves.toEqual([]);
  });
});
