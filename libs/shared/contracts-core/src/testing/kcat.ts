import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { headerString, toBuffer, type RawRecord } from '../common/raw-record';

/**
 * Produces records with kcat (librdkafka, a client not written in JavaScript), one process per
 * record so each keeps its own key and headers. A value goes through a file, so its bytes arrive
 * untouched (trailing newlines, invalid UTF-8). kcat skips empty files, so an empty or null value
 * goes through stdin as an empty line with a key delimiter, `-Z` turning empty into null.
 */
export async function produceWithKcat(brokers: string, topic: string, records: readonly RawRecord[]): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kcat-'));
  try {
    for (const [i, record] of records.entries()) {
      const args = ['-P', '-b', brokers, '-t', topic, '-z', 'gzip', '-X', 'message.max.bytes=4000000'];
      for (const name of Object.keys(record.headers ?? {})) {
        const header = headerString(record.headers, name);
        if (header !== undefined) args.push('-H', `${name}=${header}`);
      }
      const key = toBuffer(record.key)?.toString('utf8') ?? null;
      const value = toBuffer(record.value);
      let input: string | undefined;
      if (value === null || value.length === 0) {
        if (key !== null && /[|\n]/.test(key)) throw new Error(`record ${i}: a key with "|" or a newline cannot go with an empty value`);
        args.push('-K', '|', ...(value === null ? ['-Z'] : []));
        input = `${key ?? ''}|\n`;
      } else {
        const file = join(dir, `value-${i}`);
        await writeFile(file, value);
        if (key !== null) args.push('-k', key);
        args.push(file);
      }
      await new Promise<void>((resolve, reject) => {
        const child = execFile('kcat', args, { timeout: 60_000 }, (error, _stdout, stderr) =>
          error
            ? reject(
                (error as NodeJS.ErrnoException).code === 'ENOENT'
                  ? new Error('kcat is not installed: `apt-get install kcat` (.ci/run installs it)')
                  : new Error(`kcat failed for record ${i} on ${topic}: ${error.message} ${stderr}`),
              )
            : resolve(),
        );
        // kcat reading a value file may exit before it ever reads stdin: the EPIPE that closing
        // stdin then raises is not a failure; the exit status above says whether the record went.
        child.stdin?.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code !== 'EPIPE') reject(error);
        });
        child.stdin?.end(input ?? '');
      });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
