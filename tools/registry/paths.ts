import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../kafka/paths';

/**
 * Locations used by the local schema registry tooling. Everything generated lives under
 * `<repo>/.registry/` (git-ignored): the unpacked registry, the Avro jars of the Java producer,
 * the pid file, logs and the registry's temp files.
 */

export const toolsDir: string = path.join(repoRoot, 'tools', 'registry');
export const pomFile: string = path.join(toolsDir, 'pom.xml');
export const javaDir: string = path.join(toolsDir, 'java');
export const javaPomFile: string = path.join(javaDir, 'pom.xml');
export const customerSchemaFile: string = path.join(toolsDir, 'customer.avsc');

/** `<repo>/.registry` unless REGISTRY_LOCAL_DIR points elsewhere. */
export const registryDir: string = process.env.REGISTRY_LOCAL_DIR
  ? path.resolve(process.env.REGISTRY_LOCAL_DIR)
  : path.join(repoRoot, '.registry');
/** The unpacked archive: `<runner jar>`, `lib/`, `meta/`. */
export const appDir: string = path.join(registryDir, 'app');
/** Written after a successful unpack; holds the pinned version + pom hash. */
export const appMarkerFile: string = path.join(appDir, '.registry-version');
/** Avro and its dependencies, for libs/shared/contracts-core/src/testing/AvroProducer.java (next to the Kafka jars). */
export const javaLibDir: string = path.join(registryDir, 'java-lib');
export const javaLibMarkerFile: string = path.join(javaLibDir, '.avro-version');
/** Pid file, log and temp files of `registry:start`. */
export const runDir: string = path.join(registryDir, 'run');
export const pidFile: string = path.join(runDir, 'registry.json');

function pinned(file: string, property: string): string {
  const pom = fs.readFileSync(file, 'utf8');
  const m = new RegExp(`<${property.replace(/\./g, '\\.')}>\\s*([^<\\s]+)\\s*</`).exec(pom);
  if (!m) throw new Error(`No <${property}> property in ${file}`);
  return m[1];
}

/** The Apicurio Registry version pinned in tools/registry/pom.xml (`<registry.version>`). */
export function pinnedRegistryVersion(): string {
  return pinned(pomFile, 'registry.version');
}

/** The Avro version pinned in tools/registry/java/pom.xml (`<avro.version>`). */
export function pinnedAvroVersion(): string {
  return pinned(javaPomFile, 'avro.version');
}

/** The Quarkus runner jar inside the unpacked archive. */
export function runnerJar(version = pinnedRegistryVersion()): string {
  return path.join(appDir, `apicurio-registry-app-${version}-runner.jar`);
}
