import { waitFor } from '@kstream/kafka/testing';
import { sleep } from '../lib/load';
import { answersBetween, ingestRecoveryAfter } from '../lib/monitor';
import { brokerStream, closeBrokerStream, type BrokerStream } from '../lib/broker-stream';
import { chaosProfile } from '../lib/profile';
import { expectClean, report } from '../lib/report';
import { judge } from '../lib/verdict';

const profile = chaosProfile();

describe('the single broker SIGKILLed and restarted under load', () => {
  let run: BrokerStream | undefined;

  afterAll(() => closeBrokerStream(run));

  it('ingest answers 503 while it is down and never a 2xx it cannot keep; the apps reconnect by themselves; nothing acked is lost', async () => {
    run = await brokerStream(profile);
    const { broker, stack, load, monitor } = run;

    // The baseline for recovery: what was committed when the broker died (no sample succeeds while it is down).
    const baseline = await monitor.committedNow();
    await broker.kill();
    const killedAt = Date.now();
    // Down long enough for every client to notice and for ingest's ack timeout to pass.
    await waitFor(() => load.sent.some((s) => s.startedAt > killedAt && s.outcome === 'indeterminate'), { timeoutMs: 60_000, description: 'ingest to answer 503 while the broker is down' });
    await sleep(2000);
    const restartAt = Date.now();
    await broker.restart();
    const upAt = Date.now();

    await waitFor(() => ingestRecoveryAfter(load, upAt), { timeoutMs: 120_000, description: 'a 2xx from ingest after the restart' });
    await waitFor(() => monitor.bothProgressAfter(upAt, baseline), { timeoutMs: 180_000, intervalMs: 500, description: 'both processors committing again, without being restarted' });
    await sleep(3000);
    await load.stop();
    await stack.waitDrained(180_000);
    monitor.stop();

    // Sent after the kill and answered before the new JVM was even launched.
    const { answered: whileDown, acked: ackedWhileDown, statuses } = answersBetween(load, killedAt, restartAt);
    const verdict = await judge(stack, load);
    report('broker-sigkill', verdict, {
      downMs: upAt - killedAt,
      answeredWhileDown: whileDown.length,
      statusesWhileDown: statuses,
      ackedWhileDown: ackedWhileDown.length,
      ingestRecoveryMs: ingestRecoveryAfter(load, upAt),
      processorsRecoveryMs: monitor.bothProgressAfter(upAt, baseline),
    });
    expectClean(verdict);
    expect(ackedWhileDown).toEqual([]);
    expect(statuses).toEqual([503]);
  }, 900_000);
});

