import { TOPICS, type TopicKey, type TopicNames } from '@kstream/contracts-core';

/**
 * Handlers name topics as the code spells them (`TOPICS.textLines`), while a deployment may suffix
 * them (tests do, with `TOPIC_SUFFIX`): map a base name to the deployed one. A name that is not a
 * base name of the catalogue is taken as deployed already.
 */
export function topicResolver(topics?: TopicNames): (name: string) => string {
  if (!topics) return (name) => name;
  const deployed = new Map<string, string>();
  for (const key of Object.keys(TOPICS) as TopicKey[]) deployed.set(TOPICS[key], topics[key]);
  return (name) => deployed.get(name) ?? name;
}
