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

    process.kill(broker.pid, 'SIGSTOP');
    await sleep(20_000);
    process.kill(broker.pid, 'SIGCONT');
    const resumedAt = Date.now();

    await waitFor(() => monitor.bothProgressAfter(resumedAt), { timeoutMs: 180_000, intervalMs: 500, description: 'both processors committing after the resume' });
    await waitFor(() => ingestRecoveryAfter(load, resumedAt), { timeoutMs: 120_000, description: 'a 2xx from ingest after the resume' });
    await sleep(3000);
    await load.stop();
    await stack.waitDrained(180_000);
    monitor.stop();

    const stall = monitor.bothProgressAfter(resumedAt);
    const verdict = await judge(stack, load);
    report('broker-sigstop', verdict, {
      pausedMs: 20_000,
      processorsRecoveryMs: stall,
      wordCountRecoveryMs: monitor.progressAfter('word-count', resumedAt),
      rollingMeanRecoveryMs: monitor.progressAfter('rolling-mean', resumedAt),
      ingestRecoveryMs: ingestRecoveryAfter(load, resumedAt),
    });
    expectClean(verdict);
    expect(stall).toBeLessThan(SESSION_TIMEOUT_MS);
  }, 900_000);
});
