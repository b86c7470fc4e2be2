import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Locations used by the local Kafka tooling. Everything generated lives under
 * `<repo>/.kafka/` (git-ignored): jars, broker data, pid files and logs.
 */

function findRepoRoot(): string {
  // tools/kafka/<this file> -> repo root. `__dirname` exists under CommonJS
  // (tsx, ts-jest); fall back to walking up from the cwd for ESM loaders.
  if (typeof __dirname !== 'undefined' && fs.existsSync(path.join(__dirname, 'pom.xml'))) {
    return path.resolve(__dirname, '..', '..');
  }
  let dir = process.cwd();
  for (;;) {
    if (fs.existsSync(path.join(dir, 'tools', 'kafka', 'pom.xml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const repoRoot: string = findRepoRoot();
export const toolsDir: string = path.join(repoRoot, 'tools', 'kafka');
export const pomFile: string = path.join(toolsDir, 'pom.xml');
export const log4jConfigFile: string = path.join(toolsDir, 'log4j2.properties');

/** `<repo>/.kafka` unless KAFKA_LOCAL_DIR points elsewhere. */
export const kafkaDir: string = process.env.KAFKA_LOCAL_DIR
  ? path.resolve(process.env.KAFKA_LOCAL_DIR)
  : path.join(repoRoot, '.kafka');
export const libDir: string = path.join(kafkaDir, 'lib');
/** Written after a successful fetch; holds the pinned version + pom hash. */
export const libMarkerFile: string = path.join(libDir, '.kafka-version');
export const dataRoot: string = path.join(kafkaDir, 'data');
export const singleDataDir: string = path.join(dataRoot, 'single');
export const clusterDataDir: string = path.join(dataRoot, 'cluster');
/** The secured single broker (`kafka:start -- --secure`): data, certificates, passwords, client env files. */
export const secureDataDir: string = path.join(dataRoot, 'secure');
/** Pid files (JSON) and broker logs of `kafka:start` / `kafka:cluster:start`. */
export const runDir: string = path.join(kafkaDir, 'run');
export const singlePidFile: string = path.join(runDir, 'single.json');
export const clusterPidFile: string = path.join(runDir, 'cluster.json');

/** The Kafka version pinned in tools/kafka/pom.xml (`<kafka.version>`). */
export function pinnedKafkaVersion(): string {
  const pom = fs.readFileSync(pomFile, 'utf8');
  const m = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(pom);
  if (!m) throw new Error(`No <kafka.version> property in ${pomFile}`);
  return m[1];
}
