import { combinedStatus, engineHealth } from './engine-health';
import type { EngineStatus } from './engine-options';

const status = (over: Partial<EngineStatus>): EngineStatus => ({ running: true, inGroup: true, lastActivityAt: 1_000, assigned: [], ready: [], stages: {}, restoring: [], ...over });

describe('combinedStatus', () => {
  const lines = status({ assigned: [0, 1], ready: [0, 1], stages: { lines: [0, 1] }, lastActivityAt: 5_000 });
  const totals = status({ stages: { totals: [2] }, lastActivityAt: 2_000 });

  it("is one engine's status as it is", () => {
    expect(combinedStatus([lines])).toBe(lines);
  });

  it("takes the first stage's partitions, every stage's topics, and the stalest poll", () => {
    expect(combinedStatus([lines, totals])).toEqual({ running: true, inGroup: true, crashed: undefined, lastActivityAt: 2_000, assigned: [0, 1], ready: [0, 1], stages: { lines: [0, 1], totals: [2] }, restoring: [] });
  });

  it('is down when any stage is: out of the group, crashed or restoring', () => {
    const down = combinedStatus([lines, status({ inGroup: false, crashed: 'boom', restoring: ['totals-2'] })]);
    expect(engineHealth(down, 60_000, 5_000).detail['problems']).toEqual(['crashed: boom', 'not in its consumer group', 'restoring totals-2']);
  });
});
