/**
 * Which projects a change affects, with the topic contracts judged topic by topic: a change to
 * the contracts library affects only the apps that write or read a topic whose derived schema
 * changed, instead of every app that imports the library (what `nx affected` alone gives, see
 * docs/contracts.md). Other changed files go through Nx's own affected computation.
 *
 *   node tools/run.cjs tools/contracts/affected.ts [--base=<git ref>] [--files=a,b] [--run]
 *
 * --base defaults to HEAD (uncommitted changes), and schemas are compared with the ones committed
 * there; --run runs `nx run-many -t test` on the result.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { appsConcerned, TOPICS, type TopicKey } from '@kstream/contracts';
import { contracts, json, schemaPath, topicSchema } from '@kstream/contracts/testing';

const root = path.resolve(__dirname, '..', '..');
const CONTRACTS_ROOT = 'libs/shared/contracts-topics/';
const CONTRACTS_PROJECT = 'contracts';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const base = arg('base') ?? 'HEAD';
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

// --files=a,b names the changed files instead of asking git (as `nx affected --files` does).
const changed = (arg('files')?.split(',') ?? git('diff', '--name-only', base).split('\n')).filter(Boolean);
const contractFiles = changed.filter((f) => f.startsWith(CONTRACTS_ROOT));
const otherFiles = changed.filter((f) => !f.startsWith(CONTRACTS_ROOT) && !f.startsWith('docs/schemas/') && f !== 'docs/asyncapi.yaml');

/** Topics whose schema, derived from the contracts as they are now, differs from the one committed at base. */
function changedTopics(): TopicKey[] {
  return contracts()
    .filter((contract) => {
      let before = '';
      try {
        before = git('show', `${base}:${schemaPath(contract)}`);
      } catch {
        return true; // a topic new since base
      }
      return before !== json(topicSchema(contract));
    })
    .map((c) => c.topic);
}

const topics = contractFiles.length > 0 ? changedTopics() : [];
const projects = new Set<string>(appsConcerned(topics));
if (contractFiles.length > 0) projects.add(CONTRACTS_PROJECT);
// A change in the contracts library that changes no schema (decoding, helpers) may change any
// reader's behaviour: then every dependant is affected, as Nx says.
const nxFiles = topics.length === 0 ? [...otherFiles, ...contractFiles] : otherFiles;
if (nxFiles.length > 0) {
  const out = execFileSync('npx', ['nx', 'show', 'projects', '--affected', `--files=${nxFiles.join(',')}`], { cwd: root, encoding: 'utf8' });
  for (const project of out.split('\n').map((l) => l.trim()).filter(Boolean)) projects.add(project);
}

process.stdout.write(`changed topic contracts: ${topics.map((t) => TOPICS[t]).join(', ') || 'none'}\n`);
process.stdout.write(`affected projects: ${[...projects].sort().join(' ') || 'none'}\n`);
if (process.argv.includes('--run') && projects.size > 0) {
  const run = spawnSync('npx', ['nx', 'run-many', '-t', 'test', '-p', [...projects].join(',')], { cwd: root, stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
