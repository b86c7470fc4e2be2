import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Browser {
  readonly executablePath: string;
  /** Flags this build needs; the caller adds its own after them. */
  readonly args: readonly string[];
  /** Where it was found, for messages. */
  readonly source: string;
}

const SYSTEM_BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * Flags of @sparticuz/chromium left out: they switch off the same-origin policy and mixed-content
 * blocking, and the end-to-end tests must see the pages as a user's browser enforces them.
 */
const UNSAFE_FLAGS = new Set(['--disable-web-security', '--allow-running-insecure-content']);

/**
 * A Chromium for playwright-core, which downloads none: CHROMIUM_PATH, else a system Chromium or
 * Chrome, else the one packed inside the @sparticuz/chromium devDependency, unpacked once under the
 * temp dir. Throws one message naming everything tried when there is none.
 */
export async function findChromium(): Promise<Browser> {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file`);
    return { executablePath: fromEnv, args: [], source: 'CHROMIUM_PATH' };
  }
  const system = SYSTEM_BROWSERS.find(isExecutable);
  if (system) return { executablePath: system, args: [], source: system };
  try {
    return await unpackedSparticuz();
  } catch (error) {
    throw new Error(
      `no Chromium to drive: CHROMIUM_PATH is unset, none of ${SYSTEM_BROWSERS.join(', ')} exists, and the ` +
        `Chromium of the @sparticuz/chromium devDependency could not be unpacked (${(error as Error).message}). ` +
        'Run `npm install`, or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    );
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

async function unpackedSparticuz(): Promise<Browser> {
  const entry = require.resolve('@sparticuz/chromium');
  const { version } = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  const dir = join(tmpdir(), `kstream-chromium-${version}`);
  if (!existsSync(join(dir, 'args.json'))) {
    // The package unpacks into os.tmpdir() and reuses whatever it finds there, even a half-written
    // binary; unpacking into a fresh dir and renaming it whole means `dir` is complete or absent.
    const staging = mkdtempSync(`${dir}.tmp-`);
    try {
      const unpacked = await unpackInto(staging, pathToFileURL(entry).href);
      writeFileSync(join(staging, 'args.json'), JSON.stringify(unpacked.args));
      try {
        renameSync(staging, dir);
      } catch (error) {
        // Another run got there first: use its copy.
        if (!existsSync(join(dir, 'args.json'))) throw error;
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const args = (JSON.parse(readFileSync(join(dir, 'args.json'), 'utf8')) as string[]).filter((flag) => !UNSAFE_FLAGS.has(flag));
  return { executablePath: join(dir, 'chromium'), args, source: `@sparticuz/chromium ${version}` };
}

/** In a child process: the package is ESM only, which jest's CommonJS runtime cannot import. */
function unpackInto(staging: string, moduleUrl: string): Promise<{ executablePath: string; args: string[] }> {
  const script = `
    const { default: chromium } = await import(process.env.SPARTICUZ_URL);
    const executablePath = await chromium.executablePath();
    process.stdout.write(JSON.stringify({ executablePath, args: chromium.args }));
  `;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { env: { ...process.env, TMPDIR: staging, SPARTICUZ_URL: moduleUrl }, timeout: 120_000, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${error.message} ${stderr}`.trim()));
        try {
          const result = JSON.parse(stdout) as { executablePath: string; args: string[] };
          if (result.executablePath !== join(staging, 'chromium')) throw new Error(`unpacked to ${result.executablePath}, not into ${staging}`);
          resolve(result);
        } catch (parseError) {
          reject(parseError as Error);
        }
      },
    );
  });
}
