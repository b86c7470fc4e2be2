import type { AnyStage } from './stream-task';
import { slotKey } from './partition-slot';
import { PartitionTable } from './partition-table';

const stage = (inputTopic: string): AnyStage => ({ inputTopic, outputTopics: [], createTask: () => ({ process: () => ({ kind: 'output', messages: [], meta: undefined }) }) });
const lines = stage('lines');
const words = stage('words');
const stages = new Map([
  ['lines', lines],
  ['words', words],
]);

describe('PartitionTable', () => {
  it("takes a join's assignment, marks every state stale and drops the ones no longer owned", async () => {
    const table = new PartitionTable('g');
    table.assign(stages, { lines: [0, 2], words: [1] });
    const kept = table.state(slotKey('lines', 0));
    kept.ready = true;
    table.state(slotKey('lines', 2)).ready = true;
    expect(table.byTopic(stages.keys())).toEqual({ lines: [0, 2], words: [1] });
    expect(table.restoring()).toEqual(['words-1']);
    expect(table.ready('lines')).toEqual([0, 2]);

    expect(table.assign(stages, { lines: [0], words: [1, 2] })).toEqual([slotKey('lines', 2)]);
    expect(kept.ready).toBe(false);
    expect(table.notReady().sort()).toEqual([slotKey('lines', 0), slotKey('words', 1), slotKey('words', 2)].sort());
    expect(() => table.state(slotKey('lines', 2))).toThrow(/lines-2 is not assigned/);
    expect(table.transactionalId(kept)).toBe('g-lines-0');
    await table.clear();
    expect(table.states.size).toBe(0);
  });

  it("answers a query from a restored task only, and says when the partition is another member's", () => {
    const table = new PartitionTable('g');
    table.assign(stages, { words: [1] });
    const state = table.state(slotKey('words', 1));
    expect(table.localTask(words, 1)).toBe('restoring');
    expect(table.localTask(words, 0)).toBeUndefined();
    state.task = words.createTask(1);
    state.ready = true;
    expect(table.localTask(words, 1)).toEqual({ task: state.task });
    expect([...table.tasksOf(words).keys()]).toEqual([1]);
    expect(table.tasksOf(lines).size).toBe(0);
  });
});
