#!/usr/bin/env node
/**
 * Entry point of the npm scripts: installs the dependencies on a fresh clone (npm install),
 * then runs a TypeScript tool with tsx, forwarding signals so Ctrl-C reaches it.
 * Plain CommonJS on purpose: it must run before anything is installed.
 */
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

if (!existsSync(tsx)) {
  process.stderr.write('node_modules is missing: running npm install (first run only)\n');
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (install.status !== 0) {
    process.stderr.write('npm install failed; see the output above.\n');
    process.exit(install.status ?? 1);
  }
}

const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.exit(0);
}
const child = spawn(tsx, ['--tsconfig', path.join(root, 'tools', 'tsconfig.tools.json'), path.join(root, script), ...args], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  // Signals sent to this process alone (kill PID, a supervisor's SIGTERM) are passed on; on Ctrl-C
  // the child also gets the terminal's SIGINT directly, and stops once either way.
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 2 : 1)));
