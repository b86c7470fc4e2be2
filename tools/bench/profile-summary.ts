/**
 * `node tools/run.cjs tools/bench/profile-summary.ts DIR [top]`: the hottest functions (self
 * time) of each V8 .cpuprofile in DIR, and self time per package, so a bench result can be
 * explained by what the process spent its CPU on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function owner(url: string): string {
  if (!url) return '(native / vm)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  if (url.startsWith('node:')) return 'node core';
  if (url.includes('/dist/apps/')) return 'app bundle';
  return path.relative(process.cwd(), url.replace('file://', ''));
}

function summarise(file: string, top: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fns = new Map<string, number>();
  const owners = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    const key = `${functionName || '(anonymous)'} ${url ? `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    const o = functionName === '(idle)' || functionName === '(program)' || functionName === '(garbage collector)' ? functionName : owner(url);
    owners.set(o, (owners.get(o) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)} %`;
  process.stdout.write(`\n## ${path.basename(file)}: ${(total / 1e6).toFixed(2)} s sampled\n\nby package:\n`);
  for (const [o, us] of [...owners].sort((a, b) => b[1] - a[1]).slice(0, 12)) process.stdout.write(`  ${pct(us)}  ${o}\n`);
  process.stdout.write('hottest functions (self):\n');
  for (const [f, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${pct(us)}  ${f}\n`);
}

const [dir, top = '25'] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: profile-summary.ts DIR [top]\n');
  process.exit(2);
}
for (const f of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort()) summarise(path.join(dir, f), Number(top));
