/** What `npm start` prints once every app is healthy: where everything is and what to try first. */
import { CONSUMER_GROUPS, INTERNAL_TOPICS, TOPIC_SPECS, TOPICS, type TopicSpec } from '@kstream/contracts-core';
import { appPort, STACK_APPS } from './stack-apps';

const DEFAULT_BROKERS = '127.0.0.1:9092';

/** `ownsBroker`: npm start started the broker, so Ctrl-C stops it too (after the apps). */
export function stackTable(bootstrap: string, env: NodeJS.ProcessEnv = process.env, ownsBroker = true): string {
  const url = (name: string) => {
    const app = STACK_APPS.find((a) => a.name === name);
    if (!app) throw new Error(`no app ${name} in STACK_APPS`);
    return `http://127.0.0.1:${appPort(app, env)}`;
  };
  const rows = STACK_APPS.map((app) => [app.name, url(app.name), app.docs ? url(app.name) + app.docs : '-', `${url(app.name)}/health, /metrics`]);
  const header = ['app', 'url', 'docs', 'health, metrics'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');

  // The CLIs default to the local broker; name another one when the stack runs elsewhere.
  const prefix = bootstrap === DEFAULT_BROKERS ? '' : `KAFKA_BROKERS=${bootstrap} `;
  const topic = (s: TopicSpec) => `${TOPICS[s.key]}${s.cleanupPolicy === 'compact' ? ' (compacted)' : ''}`;
  // Listed apart: they exist and take records, but results are never read from them.
  const topics = TOPIC_SPECS.filter((s) => !INTERNAL_TOPICS.includes(s.key)).map(topic).join(', ');
  const internal = TOPIC_SPECS.filter((s) => INTERNAL_TOPICS.includes(s.key)).map(topic).join(', ');
  return [
    '',
    '  The stack is up.',
    '',
    line(header),
    ...rows.map(line),
    '',
    `  Kafka    ${bootstrap}`,
    `  Topics   ${topics}`,
    `  Internal ${internal}  (between a processor's two stages)`,
    `  Groups   ${Object.values(CONSUMER_GROUPS).join(', ')}`,
    '',
    `  Send a first line:   ${prefix}npm run ingest -- lines          (type a line, Enter; Ctrl-D ends)`,
    `  Watch the results:   ${prefix}npm run watch -- ${TOPICS.wordCounts}      (in another terminal; also ${TOPICS.wordAlerts})`,
    `  Numbers:             ${prefix}npm run ingest -- numbers  and  ${prefix}npm run watch -- ${TOPICS.rollingMeans}`,
    `  Over HTTP:           curl -s -H 'content-type: text/plain' -d 'hello kafka world' ${url('ingest-producer')}/lines`,
    `  The README's "Tour" goes further. ${ownsBroker ? 'Ctrl-C stops the apps, then the broker.' : `Ctrl-C stops the apps; the broker at ${bootstrap} keeps running.`}`,
    '',
  ].join('\n');
}
