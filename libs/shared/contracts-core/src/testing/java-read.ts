import { runJava } from './java-client';

/**
 * The offset of the first record Kafka's own console consumer (Java client, read_committed) returns
 * from `partition` of `topic`, starting at `offset`; undefined when it finds none within the
 * timeout. A second reader's verdict on one position: when it returns a later offset, the record at
 * `offset` belongs to an aborted transaction (or is a commit marker) as far as the Java client is
 * concerned.
 */
export async function javaReadCommittedFrom(brokers: string, topic: string, partition: number, offset: string, timeoutMs = 15_000): Promise<string | undefined> {
  const { stdout } = await runJava(
    [
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      '--bootstrap-server', brokers,
      '--topic', topic,
      '--partition', String(partition),
      '--offset', offset,
      '--max-messages', '1',
      '--timeout-ms', String(timeoutMs),
      '--isolation-level', 'read_committed',
      '--formatter-property', 'print.offset=true',
      '--formatter-property', 'print.value=false',
    ],
    { timeoutMs: timeoutMs + 30_000, what: `the console consumer (${topic}-${partition}@${offset})` },
  ).catch((error: Error) => ({ stdout: error.message }));
  return /Offset:(\d+)/.exec(stdout)?.[1];
}
