import { TOPICS, type TopicKey, type TopicNames } from '@kstream/contracts-core';

/**
 * Handlers name topics as the code spells them (`TOPICS.textLines`), while a deployment may suffix
 * them (tests do, with `TOPIC_SUFFIX`): map a base name to the deployed one. `extra` does the same
 * for topics outside the catalogue (a processor's own). Any other name is taken as deployed already.
 */
export function topicResolver(topics?: TopicNames, extra: Readonly<Record<string, string>> = {}): (name: string) => string {
  const deployed = new Map<string, string>(Object.entries(extra));
  if (topics) for (const key of Object.keys(TOPICS) as TopicKey[]) deployed.set(TOPICS[key], topics[key]);
  return (name) => deployed.get(name) ?? name;
}
