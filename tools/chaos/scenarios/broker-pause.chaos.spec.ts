import { waitFor } from '@kstream/kafka/testing';
import { sleep } from '../lib/load';
import { ingestRecoveryAfter } from '../lib/monitor';
import { brokerStream, closeBrokerStream, type BrokerStream } from '../lib/broker-stream';
import { chaosProfile } from '../lib/profile';
import { expectClean, report } from '../lib/report';
import { judge } from '../lib/verdict';

const profile = chaosProfile();
/** The stream processors' session timeout (ExactlyOnceEngine default). */
const SESSION_TIMEOUT_MS = 10_000;

describe('the single broker paused (SIGSTOP 20 s, SIGCONT) under load', () => {
  let run: BrokerStream | undefined;

  afterAll(() => closeBrokerStream(run));

  it('the processors move again within the session timeout of the resume; nothing acked is lost', async () => {
    run = await brokerStream(profile);
    const { broker, stack, load, monitor } = run;

    // What both groups had committed when the broker stopped: with the broker paused no commit can
    // land, so only commits after SIGCONT move past it (the last sample before the pause would let
    // commits made between it and SIGSTOP pass for recovery).
    const baseline = await monitor.committedNow();
    process.kill(broker.pid, 'SIGSTOP');
    await sleep(20_000);
    process.kill(broker.pid, 'SIGCONT');
    const resumedAt = Date.now();

    await waitFor(() => monitor.bothProgressAfter(resumedAt, baseline), { timeoutMs: 180_000, intervalMs: 500, description: 'both processors committing after the resume' });
    await waitFor(() => ingestRecoveryAfter(load, resumedAt), { timeoutMs: 120_000, description: 'a 2xx from ingest after the resume' });
    await sleep(3000);
    await load.stop();
    await stack.waitDrained(180_000);
    monitor.stop();

    // From SIGCONT to the first commit past the baseline of each processor, and there must be one.
    const stall = monitor.bothProgressAfter(resumedAt, baseline);
    const verdict = await judge(stack, load);
    report('broker-sigstop', verdict, {
      pausedMs: 20_000,
      processorsRecoveryMs: stall,
      wordCountRecoveryMs: monitor.progressAfter('word-count', resumedAt, baseline),
      rollingMeanRecoveryMs: monitor.progressAfter('rolling-mean', resumedAt, baseline),
      ingestRecoveryMs: ingestRecoveryAfter(load, resumedAt),
    });
    expectClean(verdict);
    expect(stall).toBeDefined();
    expect(stall).toBeLessThan(SESSION_TIMEOUT_MS);
  }, 900_000);
});
