/**
 * Writes the documents derived from the topic contracts: docs/asyncapi.yaml, one JSON Schema per
 * topic under docs/schemas, the Avro form of each value under docs/schemas/avro (and of each input
 * topic's in its contract library), and the snapshot of each contract version that has none yet.
 * Snapshots are never overwritten: they are what readers of a released version rely on.
 *
 *   npm run contracts:generate
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AVRO_DIR, contracts, generatedDocuments, json, SCHEMAS_DIR, snapshotPath, SNAPSHOTS_DIR, topicSchema } from '@kstream/contracts/testing';

const root = path.resolve(__dirname, '..', '..');

function write(relative: string, content: string): void {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  process.stdout.write(`wrote ${relative}\n`);
}

const documents = generatedDocuments();
for (const [relative, content] of documents) write(relative, content);

// A schema file of a topic that no longer exists would mislead its readers.
const listed = (dir: string) => (existsSync(path.join(root, dir)) ? readdirSync(path.join(root, dir), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => `${dir}/${e.name}`) : []);
for (const name of [...listed(SCHEMAS_DIR), ...listed(AVRO_DIR)]) {
  if (!documents.has(name)) process.stdout.write(`stale: ${name} (remove it if the topic is gone)\n`);
}

mkdirSync(path.join(root, SNAPSHOTS_DIR), { recursive: true });
for (const contract of contracts()) {
  const snapshot = snapshotPath(contract);
  if (existsSync(path.join(root, snapshot))) continue;
  write(snapshot, json(topicSchema(contract)));
}
