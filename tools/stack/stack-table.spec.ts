import { INTERNAL_TOPICS, TOPICS } from '@kstream/contracts-core';
import { stackTable } from './stack-table';

describe('the table npm start prints', () => {
  it('lists every app with its URL, docs and health, the broker, the topics and the first commands', () => {
    const table = stackTable('127.0.0.1:9092', {});
    expect(table).toContain('  admin            http://127.0.0.1:3000  http://127.0.0.1:3000/docs');
    expect(table).toMatch(/ingest-producer\s+http:\/\/127\.0\.0\.1:3001\s+http:\/\/127\.0\.0\.1:3001\/docs/);
    expect(table).toMatch(/word-count\s+http:\/\/127\.0\.0\.1:3002\s+-\s+http:\/\/127\.0\.0\.1:3002\/health, \/metrics/);
    expect(table).toMatch(/rolling-mean\s+http:\/\/127\.0\.0\.1:3003/);
    expect(table).toContain('Kafka    127.0.0.1:9092');
    for (const topic of Object.values(TOPICS)) expect(table).toContain(topic);
    expect(table).toContain('word-totals (compacted)');
    const topicsLine = table.split('\n').find((l) => l.startsWith('  Topics ')) ?? '';
    const internalLine = table.split('\n').find((l) => l.startsWith('  Internal ')) ?? '';
    for (const key of INTERNAL_TOPICS) {
      expect(internalLine).toContain(TOPICS[key]);
      expect(topicsLine).not.toContain(TOPICS[key]);
    }
    expect(table).toContain('npm run ingest -- lines');
    expect(table).toContain('npm run watch -- word-counts');
    expect(table).not.toContain('KAFKA_BROKERS=');
  });

  it('follows port overrides and names a non-default broker in the commands', () => {
    const table = stackTable('broker.example.com:9093', { INGEST_PORT: '4001' });
    expect(table).toContain('http://127.0.0.1:4001/lines');
    expect(table).toContain('KAFKA_BROKERS=broker.example.com:9093 npm run ingest -- lines');
    expect(table).toContain('KAFKA_BROKERS=broker.example.com:9093 npm run watch -- word-counts');
  });

  it('says what Ctrl-C stops: the broker too only when npm start started it', () => {
    expect(stackTable('127.0.0.1:9092', {})).toContain('Ctrl-C stops the apps, then the broker.');
    expect(stackTable('127.0.0.1:9092', {}, false)).toContain('Ctrl-C stops the apps; the broker at 127.0.0.1:9092 keeps running.');
  });
});
