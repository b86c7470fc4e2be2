import { spawn } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { startEphemeralBroker } from './kafka/ephemeral';
import { kafkaClasspath } from './kafka/jars';
import { suffixedTopicNames } from '@kstream/contracts-core';
import { provisionTopics } from '@kstream/kafka';
import { readAll } from '@kstream/kafka/testing';
import { consoleProduce } from '@kstream/contracts-core/testing';

async function main() {
  process.env.KAFKA_CLASSPATH = kafkaClasspath();
  const broker = await startEphemeralBroker({ name: 'dbg' });
  try {
    const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin(); await admin.connect();
    const topics = suffixedTopicNames('dbg');
    await provisionTopics(admin, { names: topics });
    const child = spawn(process.execPath, ['dist/apps/rolling-mean/main.js'], { env: { ...process.env, KAFKA_BROKERS: broker.bootstrap, TOPIC_SUFFIX: 'dbg', ROLLING_MEAN_GROUP_ID: 'rm-dbg', PORT: '39998', HOST: '127.0.0.1', LOG_LEVEL: 'debug' }, stdio: 'inherit' });
    for (;;) { const r = await fetch('http://127.0.0.1:39998/health').catch(() => undefined); if (r?.status === 200) break; await new Promise((r) => setTimeout(r, 250)); }
    console.log('HEALTHY', Date.now());
    await consoleProduce(broker.bootstrap, topics.numbers, ['10', '20', '30', '40', '50', '60'], { paceMs: 150, properties: { 'partitioner.class': 'org.apache.kafka.clients.producer.RoundRobinPartitioner', 'linger.ms': 5 } });
    await new Promise((r) => setTimeout(r, 5000));
    for (const r of await readAll(kafka, topics.numbers)) console.log('IN', r.partition, r.offset, r.value, r.message.timestamp);
    for (const r of await readAll(kafka, topics.rollingMeanRepartition)) console.log('RP', r.partition, r.offset, r.value, r.message.timestamp);
    child.kill('SIGTERM'); await new Promise((r) => child.on('exit', r));
    await admin.disconnect();
  } finally { await broker.stop(); }
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
