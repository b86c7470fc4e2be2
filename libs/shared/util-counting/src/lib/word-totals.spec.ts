import { WordTotals } from './word-totals';

describe('WordTotals', () => {
  it('adds occurrences and reports the touched totals', () => {
    const totals = new WordTotals();
    totals.restore('kafka', 2);
    const updated = totals.add(new Map([['kafka', 1], ['nest', 2]]));
    expect([...updated]).toEqual([['kafka', 3], ['nest', 2]]);
    expect(totals.get('kafka')).toBe(3);
  });

  it('ranks by count, then alphabetically', () => {
    const totals = new WordTotals();
    totals.add(new Map([['b', 2], ['a', 2], ['c', 5], ['d', 1]]));
    expect(totals.top(3)).toEqual([
      { word: 'c', count: 5 },
      { word: 'a', count: 2 },
      { word: 'b', count: 2 },
    ]);
  });
});
