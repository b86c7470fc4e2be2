import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where the stock copy goes: next to the fetched Kafka jars, outside git. */
const DIR = ['.kafka', 'kafkajs-stock'];

/** Text every kafkajs patch of tools/patches writes into the file it changes. */
const PATCH_MARK = '/* kstream:';

/**
 * A copy of kafkajs exactly as npm ships it (same version as the installed one, none of
 * tools/patches applied), for the "stock kafkajs" baseline: what a user of plain kafkajs gets.
 * Installed once from the registry with --ignore-scripts; returns the folder to resolve it from.
 */
export function stockKafkajs(root: string): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'kafkajs', 'package.json'), 'utf8')) as { version: string };
  const dir = path.join(root, ...DIR, version);
  const installed = path.join(dir, 'node_modules', 'kafkajs');
  if (!fs.existsSync(path.join(installed, 'package.json'))) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'kafkajs-stock', private: true }));
    execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', `kafkajs@${version}`], { cwd: dir, stdio: 'pipe', timeout: 120_000 });
  }
  assertStock(installed);
  return dir;
}

/** Refuses a copy that any patch touched: the baseline would then not be stock. */
function assertStock(kafkajsDir: string): void {
  const patched: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.js') && fs.readFileSync(file, 'utf8').includes(PATCH_MARK)) patched.push(file);
    }
  };
  walk(path.join(kafkajsDir, 'src'));
  if (patched.length > 0) throw new Error(`the stock kafkajs copy carries patches: ${patched.join(', ')}`);
}
