import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KafkaToolError } from './errors';
import { libDir, libMarkerFile, pinnedKafkaVersion, pomFile, kafkaDir } from './paths';
import { checkMaven, mavenBin } from './prerequisites';

/** What the marker file must contain: pinned version + hash of pom.xml (any pom edit refetches). */
function expectedMarker(): string {
  const pom = fs.readFileSync(pomFile);
  return `${pinnedKafkaVersion()} ${createHash('sha256').update(pom).digest('hex').slice(0, 16)}\n`;
}

function isComplete(dir: string, marker: string): boolean {
  try {
    if (fs.readFileSync(path.join(dir, path.basename(libMarkerFile)), 'utf8') !== marker) return false;
    const v = marker.split(' ')[0];
    return [`kafka_2.13-${v}.jar`, `kafka-tools-${v}.jar`, `kafka-clients-${v}.jar`].every((f) =>
      fs.existsSync(path.join(dir, f)),
    );
  } catch {
    return false;
  }
}

/** The Java classpath of the fetched jars (`<repo>/.kafka/lib/*`). */
export function kafkaClasspath(): string {
  return path.join(libDir, '*');
}

/** True when `.kafka/lib` holds the jars of the version pinned in pom.xml. */
export function kafkaJarsPresent(): boolean {
  return isComplete(libDir, expectedMarker());
}

function run(cmd: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

export interface EnsureJarsOptions {
  /** Where the one progress line goes. Default: console.error (keeps stdout clean). */
  log?: (line: string) => void;
  /** Refetch even if the marker says the jars are there. */
  force?: boolean;
}

/**
 * Makes sure `.kafka/lib` holds the Kafka jars of the pinned version and returns
 * the classpath (`.kafka/lib/*`). Runs Maven only when needed. Safe to call
 * concurrently (fetches into a private temp dir and swaps it in).
 */
export async function ensureKafkaJars(opts: EnsureJarsOptions = {}): Promise<string> {
  const marker = expectedMarker();
  if (!opts.force && isComplete(libDir, marker)) return kafkaClasspath();

  checkMaven();
  const log = opts.log ?? ((line: string) => console.error(line));
  const version = marker.split(' ')[0];
  log(`[kafka] fetching Apache Kafka ${version} jars with Maven into ${libDir} (one time, ~45 MB) ...`);

  fs.mkdirSync(kafkaDir, { recursive: true });
  const tmp = `${libDir}.tmp-${process.pid}-${Date.now()}`;
  try {
    const { code, output } = await run(mavenBin(), [
      '-B',
      '-q',
      '-f',
      pomFile,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${tmp}`,
      '-DincludeScope=runtime',
    ]);
    if (code !== 0) {
      const tail = output.trim().split('\n').slice(-25).join('\n');
      throw new KafkaToolError(
        `Maven could not fetch the Kafka ${version} jars (exit code ${code}). Is Maven Central reachable ` +
          `(proxy settings in ~/.m2/settings.xml)?\n--- mvn output (tail) ---\n${tail}`,
      );
    }
    fs.writeFileSync(path.join(tmp, path.basename(libMarkerFile)), marker);
    if (!isComplete(tmp, marker)) {
      throw new KafkaToolError(`Maven finished but ${tmp} lacks the Kafka ${version} jars; check ${pomFile}.`);
    }
    // Someone else (a parallel jest run) may have finished first: keep theirs.
    if (!opts.force && isComplete(libDir, marker)) return kafkaClasspath();
    const old = `${libDir}.old-${process.pid}-${Date.now()}`;
    if (fs.existsSync(libDir)) fs.renameSync(libDir, old);
    fs.renameSync(tmp, libDir);
    // Running brokers keep their open jar files; deleting the old dir is safe on POSIX.
    fs.rmSync(old, { recursive: true, force: true });
    return kafkaClasspath();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
