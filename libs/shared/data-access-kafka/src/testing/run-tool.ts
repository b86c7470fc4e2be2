import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The repository's root, where tools/run.cjs is (this file: libs/shared/data-access-kafka/src/testing). */
const ROOT = join(__dirname, '..', '..', '..', '..', '..');

export interface ToolRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs one of the command-line tools (`npm run ingest`, `npm run watch`) the way a user does, through
 * tools/run.cjs and tsx, with `stdin` piped in and ended, killed after a minute. `env` goes over this
 * process's environment; `withoutKafkaEnv` drops its KAFKA_* variables first (a clean shell).
 */
export function runTool(script: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; stdin?: string; withoutKafkaEnv?: boolean } = {}): Promise<ToolRun> {
  const base = options.withoutKafkaEnv ? Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KAFKA_'))) : process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['tools/run.cjs', script, ...args], { cwd: ROOT, env: { ...base, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
