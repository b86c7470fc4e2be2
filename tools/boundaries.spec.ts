/**
 * The repository's tools (the stack launcher, the CLIs, the benchmarks, the chaos suite) use the
 * libraries as any outside client would: an app's internals can change without a tool noticing at
 * build time, so tools must not import them. Tests may (compose.spec.ts checks the compose file
 * against each app's own env class). Nx's module-boundary rule does not see tools/, which is not a
 * project: this test is that rule for it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const TOOLS = __dirname;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(full);
    return /\.(ts|cts|mts|cjs|js)$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name) ? [full] : [];
  });
}

describe('tools/', () => {
  it('imports no app internals outside its tests', () => {
    const offenders = sources(TOOLS).flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\(|require\()['"]([^'"]*\bapps\/[^'"]*)['"]/g)].map((m) => `${path.relative(TOOLS, file)}: ${m[1]}`),
    );
    expect(offenders).toEqual([]);
  });

  it('finds the tools it checks', () => {
    expect(sources(TOOLS).length).toBeGreaterThan(50);
  });
});
