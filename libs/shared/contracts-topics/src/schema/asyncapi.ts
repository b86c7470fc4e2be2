import { type AppName, APPS, describeParties, HEADERS, JSON_CONTENT_TYPE, TOPIC_SPECS, type TopicContract, TOPICS } from '@kstream/contracts-core';
import { TOPIC_CONTRACTS } from '../lib/catalogue/topic-contracts';
import { classSchema, headersSchema, keySchema, type JsonSchema } from './json-schema';

const KAFKA_BINDING_VERSION = '0.5.0';

type Ref = { $ref: string };
const ref = (path: string): Ref => ({ $ref: path });

interface Message {
  name: string;
  title: string;
  summary: string;
  contentType: string;
  'x-contract-version': number;
  headers: JsonSchema;
  payload: JsonSchema;
  bindings: { kafka: { key: JsonSchema; bindingVersion: string } };
}

function appId(app: AppName): string {
  const entry = Object.entries(APPS).find(([, name]) => name === app);
  if (!entry) throw new Error(`unknown app ${app}`);
  return entry[0];
}

/** Marks the channels clients outside the stack have no business with, so tools can leave them out. */
const INTERNAL_TAG = { name: 'internal', description: 'Written and read by one app of the stack, between its stages.' };

function internalSentence(contract: TopicContract): string {
  return `Internal topic of ${contract.producers.join(', ')}: never where results are read.`;
}

function messagesOf(contract: TopicContract): Record<string, Message> {
  const name = TOPICS[contract.topic];
  const base = {
    'x-contract-version': contract.version,
    bindings: { kafka: { key: keySchema(contract), bindingVersion: KAFKA_BINDING_VERSION } },
  };
  const { value } = contract;
  switch (value.kind) {
    case 'json':
      return {
        [contract.topic]: {
          name: contract.topic,
          title: `${name} record`,
          summary: value.description,
          contentType: JSON_CONTENT_TYPE,
          ...base,
          headers: headersSchema(contract),
          payload: { title: value.cls.name, ...classSchema(value.cls) },
        },
      };
    case 'text-or-json': {
      const headers = headersSchema(contract);
      const jsonHeaders: JsonSchema = {
        ...headers,
        properties: { ...headers.properties, [HEADERS.contentType]: { type: 'string', const: JSON_CONTENT_TYPE } },
        required: [...(headers.required ?? []), HEADERS.contentType],
      };
      return {
        [`${contract.topic}Raw`]: {
          name: `${contract.topic}Raw`,
          title: `${name} record, raw`,
          summary: value.raw.description,
          contentType: 'text/plain',
          ...base,
          headers,
          payload: { type: 'string', minLength: 1, ...(value.raw.pattern ? { pattern: value.raw.pattern } : {}) },
        },
        [`${contract.topic}Json`]: {
          name: `${contract.topic}Json`,
          title: `${name} record, JSON envelope`,
          summary: `${value.description} JSON envelope, marked by header ${HEADERS.contentType}: ${JSON_CONTENT_TYPE}.`,
          contentType: JSON_CONTENT_TYPE,
          ...base,
          headers: jsonHeaders,
          payload: { title: value.cls.name, ...classSchema(value.cls) },
        },
      };
    }
    case 'bytes':
      return {
        [contract.topic]: {
          name: contract.topic,
          title: `${name} dead letter`,
          summary: value.description,
          contentType: 'application/octet-stream',
          ...base,
          headers: headersSchema(contract),
          payload: { description: value.description },
        },
      };
  }
}

/**
 * The AsyncAPI 3 document of the stack, built from TOPIC_SPECS, TOPICS and TOPIC_CONTRACTS:
 * one channel per topic with its Kafka bindings (internal topics tagged `internal`), one message
 * per wire form, and one operation per app that sends or receives it.
 */
export function asyncApiDocument(): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, Message> = {};

  for (const spec of TOPIC_SPECS) {
    const contract: TopicContract = TOPIC_CONTRACTS[spec.key];
    const own = messagesOf(contract);
    Object.assign(messages, own);
    const channelRef = ref(`#/channels/${spec.key}`);
    const messageRefs = Object.keys(own).map((id) => ref(`#/channels/${spec.key}/messages/${id}`));
    channels[spec.key] = {
      address: TOPICS[spec.key],
      title: TOPICS[spec.key],
      summary: contract.summary,
      description: `Contract v${contract.version}: ${describeParties(contract)}.${contract.internal ? ` ${internalSentence(contract)}` : ''}`,
      ...(contract.internal ? { tags: [INTERNAL_TAG] } : {}),
      messages: Object.fromEntries(Object.keys(own).map((id) => [id, ref(`#/components/messages/${id}`)])),
      bindings: {
        kafka: {
          topic: TOPICS[spec.key],
          partitions: spec.partitions,
          topicConfiguration: { 'cleanup.policy': [spec.cleanupPolicy] },
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    };
    for (const app of contract.producers) {
      operations[`${appId(app)}_send_${spec.key}`] = {
        action: 'send',
        channel: channelRef,
        title: `${app} writes ${TOPICS[spec.key]}`,
        tags: [{ name: `app:${app}` }],
        messages: messageRefs,
      };
    }
    for (const app of contract.consumers) {
      const groupId = app === contract.consumers[0] ? contract.consumerGroup : undefined;
      operations[`${appId(app)}_receive_${spec.key}`] = {
        action: 'receive',
        channel: channelRef,
        title: `${app} reads ${TOPICS[spec.key]}`,
        tags: [{ name: `app:${app}` }],
        messages: messageRefs,
        ...(groupId ? { bindings: { kafka: { groupId: { type: 'string', enum: [groupId] }, bindingVersion: KAFKA_BINDING_VERSION } } } : {}),
      };
    }
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'kstream',
      version: '1.0.0',
      description:
        'Topics of the kstream stack. Generated from libs/shared/contracts-topics by `npm run contracts:generate`; do not edit by hand.',
    },
    defaultContentType: JSON_CONTENT_TYPE,
    servers: {
      local: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'The local broker of `npm run kafka:start`; KAFKA_BROKERS names another.' },
    },
    channels,
    operations,
    components: { messages },
  };
}

