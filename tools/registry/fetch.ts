import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { kafkaClasspath } from '../kafka/jars';
import { checkMaven, mavenBin } from '../kafka/prerequisites';
import { RegistryToolError } from './errors';
import {
  appDir,
  appMarkerFile,
  javaLibDir,
  javaLibMarkerFile,
  javaPomFile,
  pinnedAvroVersion,
  pinnedRegistryVersion,
  pomFile,
  registryDir,
  runnerJar,
} from './paths';

const execFileAsync = promisify(execFile);

export interface EnsureOptions {
  /** Where the one progress line goes. Default: console.error (keeps stdout clean). */
  log?: (line: string) => void;
  /** Refetch even if the marker says the files are there. */
  force?: boolean;
}

/** One thing Maven puts into a directory of its own under `.registry/`. */
interface Download {
  /** For messages: 'Apicurio Registry 3.0.9'. */
  what: string;
  dir: string;
  markerFile: string;
  pom: string;
  version: string;
  /** Paths relative to `dir` that a complete download has. */
  required: string[];
  size: string;
  /** The Maven goal and its flags, writing into `into` (a scratch dir next to `dir`). */
  goal: (into: string) => string[];
}

/** Pinned version + hash of the pom: any edit of the pom refetches. */
function markerOf(d: Download): string {
  const hash = createHash('sha256').update(fs.readFileSync(d.pom)).digest('hex').slice(0, 16);
  return `${d.version} ${hash}\n`;
}

function holds(d: Download, dir: string, marker: string): boolean {
  try {
    return (
      fs.readFileSync(path.join(dir, path.basename(d.markerFile)), 'utf8') === marker &&
      d.required.every((f) => fs.existsSync(path.join(dir, f)))
    );
  } catch {
    return false;
  }
}

/**
 * Runs Maven into a private scratch dir and swaps it in, so that two processes fetching at the
 * same time (parallel jest workers) neither see nor leave half a directory.
 */
async function ensureDownloaded(d: Download, opts: EnsureOptions): Promise<string> {
  const marker = markerOf(d);
  if (!opts.force && holds(d, d.dir, marker)) return d.dir;

  checkMaven();
  const log = opts.log ?? ((line: string) => console.error(line));
  log(`[registry] fetching ${d.what} with Maven into ${d.dir} (one time, ${d.size}) ...`);

  fs.mkdirSync(registryDir, { recursive: true });
  const scratch = `${d.dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    try {
      // -C: a download that does not match Central's checksum fails instead of warning.
      await execFileAsync(mavenBin(), ['-B', '-q', '-C', '-f', d.pom, ...d.goal(scratch)], {
        maxBuffer: 32 * 1024 * 1024,
      });
    } catch (e) {
      const err = e as { code?: number | string; stdout?: string; stderr?: string };
      const tail = `${err.stdout ?? ''}${err.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
      throw new RegistryToolError(
        `Maven could not fetch ${d.what} (exit code ${err.code}). Is Maven Central reachable ` +
          `(proxy settings in ~/.m2/settings.xml)? Retry with \`npm run registry:fetch\`.\n` +
          `--- mvn output (tail) ---\n${tail}`,
      );
    }
    fs.writeFileSync(path.join(scratch, path.basename(d.markerFile)), marker);
    if (!holds(d, scratch, marker)) {
      throw new RegistryToolError(`Maven finished but ${scratch} lacks ${d.required.join(', ')}; check ${d.pom}.`);
    }
    // Someone else may have finished first: keep theirs.
    if (!opts.force && holds(d, d.dir, marker)) return d.dir;
    const old = `${d.dir}.old-${process.pid}-${Date.now()}`;
    if (fs.existsSync(d.dir)) fs.renameSync(d.dir, old);
    fs.renameSync(scratch, d.dir);
    // A JVM still running from the old dir keeps the files it opened (POSIX); restart it after a bump.
    fs.rmSync(old, { recursive: true, force: true });
    return d.dir;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.rmSync(`${scratch}.markers`, { recursive: true, force: true });
  }
}

function registryDownload(): Download {
  const version = pinnedRegistryVersion();
  return {
    what: `Apicurio Registry ${version}`,
    dir: appDir,
    markerFile: appMarkerFile,
    pom: pomFile,
    version,
    required: [path.basename(runnerJar(version)), 'lib'],
    size: '~110 MB',
    goal: (into) => ['dependency:unpack', `-DoutputDirectory=${into}`, `-Dregistry.markers=${into}.markers`],
  };
}

function avroDownload(): Download {
  const version = pinnedAvroVersion();
  return {
    what: `Apache Avro ${version} jars`,
    dir: javaLibDir,
    markerFile: javaLibMarkerFile,
    pom: javaPomFile,
    version,
    required: [`avro-${version}.jar`],
    size: '~3.5 MB',
    goal: (into) => ['dependency:copy-dependencies', `-DoutputDirectory=${into}`, '-DincludeScope=runtime'],
  };
}

/**
 * Makes sure `.registry/app` holds the unpacked Apicurio Registry of the version pinned in
 * tools/registry/pom.xml and returns that dir. Runs Maven only when needed; safe to call
 * concurrently.
 */
export function ensureRegistry(opts: EnsureOptions = {}): Promise<string> {
  return ensureDownloaded(registryDownload(), opts);
}

/** True when `.registry/app` holds the pinned registry (no fetch needed). */
export function registryPresent(): boolean {
  const d = registryDownload();
  return holds(d, d.dir, markerOf(d));
}

/**
 * Makes sure `.registry/java-lib` holds Avro (tools/registry/java/pom.xml) and returns that dir.
 * The Kafka jars it runs beside come from `ensureKafkaJars()` (tools/kafka/jars.ts).
 */
export function ensureAvroJars(opts: EnsureOptions = {}): Promise<string> {
  return ensureDownloaded(avroDownload(), opts);
}

/**
 * The classpath of libs/shared/contracts-core/src/testing/AvroProducer.java: the Kafka jars (kafka-clients, Jackson, slf4j+log4j2)
 * then Avro. Nothing is fetched here: see ensureKafkaJars() and ensureAvroJars().
 */
export function javaAvroClasspath(): string {
  return [kafkaClasspath(), path.join(javaLibDir, '*')].join(path.delimiter);
}
