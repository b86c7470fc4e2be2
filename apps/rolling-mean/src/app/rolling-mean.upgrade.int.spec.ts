import { readFileSync } from 'node:fs';
import { homePartition } from '@kstream/kafka';
import { buildApp, openProcessTestBed, uniqueSuffix, type ProcessTestBed } from '@kstream/kafka/testing';

/**
 * A broker that still holds rolling-mean-state written by a version that kept one window per
 * input partition: the app must not serve windows it cannot vouch for. It stops with exit code 1
 * and a message that says what happened and how to rebuild.
 */
describe('rolling-mean started on state in the per-input-partition layout', () => {
  let bed: ProcessTestBed;
  const suffix = uniqueSuffix();

  beforeAll(async () => {
    bed = await openProcessTestBed('rolling-mean-upgrade', suffix);
  }, 300_000);

  afterAll(async () => {
    await bed?.close();
  });

  it('refuses to run, exits 1 and names the topic, the misplaced key and the way out', async () => {
    const main = buildApp('rolling-mean');
    // The old layout: a series' window in the partition of the input it came from, not of its key.
    const series = 'temp';
    const elsewhere = (homePartition(series, 3) + 1) % 3;
    await bed.producer.send({ topic: bed.topics.rollingMeanState, messages: [{ key: series, value: JSON.stringify({ series, window: [1, 2], count: 2 }), partition: elsewhere }] });

    const { app } = await bed.start(main, { TOPIC_SUFFIX: suffix, ROLLING_MEAN_GROUP_ID: `rolling-mean-upgrade-${suffix}` }, 'rolling-mean-upgrade');
    const code = await Promise.race([app.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 90_000))]);
    expect(code).toBe(1);
    const log = readFileSync(app.logFile, 'utf8');
    expect(log).toContain(`${bed.topics.rollingMeanState} holds state in a layout this version does not read`);
    expect(log).toContain(`key "${series}" is in partition ${elsewhere}`);
    expect(log).toContain('delete the topic');
  }, 300_000);
});
