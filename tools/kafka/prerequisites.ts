import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { KafkaToolError } from './errors';

const ALTERNATIVES =
  'Alternatives: run Kafka another way (e.g. `docker compose up`) and point the project at it ' +
  'with KAFKA_BROKERS=host:port[,host:port...].';

/** The java executable: $JAVA_HOME/bin/java if JAVA_HOME is set, else `java` from PATH. */
export function javaBin(): string {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** The mvn executable: $MAVEN_HOME/bin/mvn if set, else `mvn` from PATH. */
export function mavenBin(): string {
  return process.env.MAVEN_HOME ? path.join(process.env.MAVEN_HOME, 'bin', 'mvn') : 'mvn';
}

/** Parses `java -version` output; returns the major version (8 for "1.8.0_392"). */
export function parseJavaMajor(output: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(output);
  if (!m) return undefined;
  const first = Number(m[1]);
  return first === 1 && m[2] ? Number(m[2]) : first;
}

/** Throws a KafkaToolError unless Java >= 17 is available. Returns the major version. */
export function checkJava(minMajor = 17): number {
  const java = javaBin();
  const r = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new KafkaToolError(
      `Java ${minMajor}+ is required to run the local Kafka broker, but \`${java} -version\` failed` +
        `${r.error ? ` (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})` : ''}.\n` +
        `Install it (Debian/Ubuntu: \`sudo apt-get install openjdk-17-jre-headless\`; macOS: ` +
        '`brew install openjdk@17`) or set JAVA_HOME.\n' +
        ALTERNATIVES,
    );
  }
  const out = `${r.stderr}\n${r.stdout}`;
  const major = parseJavaMajor(out);
  if (major === undefined || major < minMajor) {
    throw new KafkaToolError(
      `Java ${minMajor}+ is required (Kafka 4 brokers need Java 17), but \`${java} -version\` reports: ` +
        `${out.trim().split('\n')[0]}.\n` +
        `Install a newer JDK (Debian/Ubuntu: \`sudo apt-get install openjdk-17-jre-headless\`) and put it ` +
        'first on PATH or set JAVA_HOME.\n' +
        ALTERNATIVES,
    );
  }
  return major;
}

/** Throws a KafkaToolError unless Maven answers `mvn -v`. Returns its first output line. */
export function checkMaven(): string {
  const mvn = mavenBin();
  const r = spawnSync(mvn, ['-v'], { encoding: 'utf8', env: { ...process.env, MAVEN_OPTS: '' } });
  if (r.error || r.status !== 0) {
    throw new KafkaToolError(
      `Maven is required once, to download the Kafka jars from Maven Central, but \`${mvn} -v\` failed` +
        `${r.error ? ` (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})` : ''}.\n` +
        'Install it (Debian/Ubuntu: `sudo apt-get install maven`; macOS: `brew install maven`) or set MAVEN_HOME.\n' +
        ALTERNATIVES,
    );
  }
  // eslint-disable-next-line no-control-regex
  return (r.stdout || '').replace(/\x1b\[[0-9;]*m/g, '').split('\n')[0].trim();
}

/** Java always; Maven only when the jars still have to be fetched. */
export function checkPrerequisites(opts: { maven?: boolean } = {}): void {
  checkJava();
  if (opts.maven) checkMaven();
}
