import { parseWatchArgs } from './watch-args';
import { WatchPositions } from './positions';

describe('parseWatchArgs', () => {
  it('reads the topic and the consumer-exercise options', () => {
    expect(parseWatchArgs(['text-lines', '--group', 'course', '--from-beginning', '--max', '10'])).toEqual({ topic: 'text-lines', fromBeginning: true, group: 'course', max: 10, partition: undefined, offset: undefined });
    expect(parseWatchArgs(['numbers', '--partition', '0', '--offset', '5'])).toMatchObject({ topic: 'numbers', partition: 0, offset: 5, fromBeginning: false });
  });

  it('refuses unknown flags, a missing topic, malformed numbers and an offset without a partition', () => {
    expect(() => parseWatchArgs(['text-lines', '--form-beginning'])).toThrow(/Unknown option '--form-beginning'/);
    expect(() => parseWatchArgs([])).toThrow(/name the topic/);
    expect(() => parseWatchArgs(['a', 'b'])).toThrow(/one topic at a time/);
    expect(() => parseWatchArgs(['t', '--max', '0'])).toThrow(/--max takes an integer of at least 1/);
    expect(() => parseWatchArgs(['t', '--max', 'ten'])).toThrow(/--max/);
    expect(() => parseWatchArgs(['t', '--offset', '5'])).toThrow(/--offset needs --partition/);
  });
});

describe('WatchPositions', () => {
  it('says where each partition stands and what the group committed, and when --max is reached', () => {
    const positions = new WatchPositions();
    let done = false;
    positions.onDone = () => (done = true);
    positions.printed(0, '8', 2);
    positions.printed(0, '9', 2);
    positions.committed(0, positions.next(0));
    expect(done).toBe(true);
    expect(positions.done(2)).toBe(true);
    expect(positions.report('t', 'course')).toEqual(['2 records printed from t; positions (the next offset to read): partition 0 at 10 (committed 10); group course continues from there']);
    expect(new WatchPositions().report('t', undefined)).toEqual(['0 records printed from t']);
  });
});
