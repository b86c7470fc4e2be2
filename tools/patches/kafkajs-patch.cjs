'use strict';
/**
 * Applies source fixes to the installed kafkajs, each once: shared by the scripts in this folder.
 * A fix fails when kafkajs is not the 2.2.4 code it was written for, so an upgrade cannot silently
 * drop or misapply it. Plain CommonJS on purpose: it runs at install time, before anything is built.
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
 * @typedef {{ file: string, edits: { original: string, fixed: string }[], mark: string, done: string, check: string, script: string }} Fix
 *   each original must occur once in `file`; the first fixed text carries `mark`; `script` names the
 *   patch file in messages.
 */

/**
 * Applies one fix. Returns what it did, for the install log (undefined: nothing to do); throws
 * when the installed file is not the one the fix was written for.
 * @param {Fix} fix
 */
function applyFix(fix) {
  const root = kafkajsRoot();
  // Nothing to patch yet (an install without kafkajs); the apps cannot run without it anyway.
  if (!root) return undefined;
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const file = path.join(root, fix.file);
  const source = fs.readFileSync(file, 'utf8');
  if (source.includes(fix.mark)) return undefined;
  if (version !== '2.2.4' || !fix.edits.every(({ original }) => source.split(original).length === 2)) {
    throw new Error(`kafkajs ${version}: ${file} is not the 2.2.4 code this patch fixes; ${fix.check}, then update or drop tools/patches/${fix.script}`);
  }
  fs.writeFileSync(file, fix.edits.reduce((text, { original, fixed }) => text.replace(original, () => fixed), source));
  return `kafkajs ${version}: ${fix.done} (${path.relative(process.cwd(), file)})`;
}

/**
 * Applies the fixes in order and exits: 0 when all are in place, 1 when one does not fit.
 * @param {Fix[]} fixes
 */
function runFixes(fixes) {
  let failed = false;
  for (const fix of fixes) {
    try {
      const done = applyFix(fix);
      if (done) process.stdout.write(`${done}\n`);
    } catch (error) {
      process.stderr.write(`${error.message}\n`);
      failed = true;
    }
  }
  process.exit(failed ? 1 : 0);
}

/**
 * What every patch file does: exports its fixes as FIXES (for apply.cjs and the specs), and applies
 * them when run on its own (`node tools/patches/<name>.cjs`).
 * @param {NodeJS.Module} patchModule the patch file's `module`
 * @param {Omit<Fix, 'script'>[]} fixes
 */
function definePatch(patchModule, fixes) {
  const script = path.basename(patchModule.filename);
  const FIXES = fixes.map((fix) => ({ ...fix, script }));
  patchModule.exports = { FIXES };
  if (require.main === patchModule) runFixes(FIXES);
}

module.exports = { applyFix, definePatch, runFixes };
