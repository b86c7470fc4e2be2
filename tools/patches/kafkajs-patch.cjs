'use strict';
/**
 * Applies one source fix to the installed kafkajs, once: shared by the scripts in this folder.
 * Exits the process: 0 when the fix is in place (or there is no kafkajs yet), 1 when kafkajs is not
 * the 2.2.4 code the fix was written for, so an upgrade cannot silently drop or misapply it.
 * Plain CommonJS on purpose: it runs at install time, before anything is built.
 */
const fs = require('node:fs');
const path = require('node:path');

function kafkajsRoot() {
  try {
    return path.dirname(require.resolve('kafkajs/package.json', { paths: [process.cwd(), path.resolve(__dirname, '..', '..')] }));
  } catch {
    return undefined;
  }
}

/**
 * @param {{ file: string, edits?: { original: string, fixed: string }[], original?: string, fixed?: string, mark: string, done: string, check: string, script: string }} fix
 *   `edits` (or one `original`/`fixed` pair): each original must occur once; the first fixed text carries `mark`.
 */
function patchKafkajs(fix) {
  const root = kafkajsRoot();
  // Nothing to patch yet (an install without kafkajs); the apps cannot run without it anyway.
  if (!root) process.exit(0);
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const file = path.join(root, fix.file);
  const source = fs.readFileSync(file, 'utf8');
  if (source.includes(fix.mark)) process.exit(0);
  const edits = fix.edits ?? [{ original: fix.original, fixed: fix.fixed }];
  if (version !== '2.2.4' || !edits.every(({ original }) => source.split(original).length === 2)) {
    process.stderr.write(`kafkajs ${version}: ${file} is not the 2.2.4 code this patch fixes; ${fix.check}, then update or drop tools/patches/${fix.script}\n`);
    process.exit(1);
  }
  fs.writeFileSync(file, edits.reduce((text, { original, fixed }) => text.replace(original, () => fixed), source));
  process.stdout.write(`kafkajs ${version}: ${fix.done} (${path.relative(process.cwd(), file)})\n`);
  process.exit(0);
}

module.exports = { patchKafkajs };
