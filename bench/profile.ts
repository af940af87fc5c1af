/**
 * Where a worker's CPU time went: `npx tsx bench/profile.ts <file.cpuprofile>…` prints self time by
 * package (or project folder) and the hottest functions. Profiles come from `npm run bench -- --profile`
 * (bench/results/profiles/<run>/<worker>/: one file per thread; the workflow thread is the one whose
 * time is in the workflow bundle).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * A workflow bundle is one file; its modules start at lines `/***\/ "<path>"`. Maps a line of it to the
 * module, so time in the bundle is told by package (zod, xstate…) or project file.
 */
const bundleIndex = new Map<string, { line: number; module: string }[]>();
function bundleModule(url: string, line: number): string | undefined {
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (!path.includes('bundles') || !existsSync(path)) return undefined;
  let index = bundleIndex.get(path);
  if (!index) {
    index = [];
    for (const [i, text] of readFileSync(path, 'utf8').split('\n').entries()) {
      const match = /^\/\*{3}\/ "([^"]+)"/.exec(text);
      if (match) index.push({ line: i, module: match[1] as string });
      // webpack's own runtime (require, module cache) is marked /******/
      else if (text.startsWith('/******/')) index.push({ line: i, module: '(webpack runtime)' });
    }
    bundleIndex.set(path, index);
  }
  let lo = 0;
  let hi = index.length - 1;
  let found: string | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const entry = index[mid] as { line: number; module: string };
    if (entry.line <= line) {
      found = entry.module;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (!found || found === '(webpack runtime)') return 'bundle:(webpack runtime)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(found);
  return pkg ? `bundle:${pkg[1]}` : `bundle:${found.replace(/^(\.\.\/)+(work\/[^/]+\/)?/, '')}`;
}

function where(url: string, line = 0): string {
  if (!url) return '(native/V8)';
  const inBundle = bundleModule(url, line);
  if (inBundle) return inBundle;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  if (url.startsWith('node:')) return 'node:internal';
  const project = /\/work\/[^/]+\/([^/]+)\//.exec(url) ?? /\/([^/]+)\/[^/]+$/.exec(url);
  return project ? `project:${project[1]}` : url;
}

export function summarize(path: string, top = 15): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()]
    .filter(([id]) => ['(idle)', '(program)'].includes(byId.get(id)?.callFrame.functionName ?? ''))
    .reduce((a, [, t]) => a + t, 0);
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, t] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || ['(idle)', '(program)'].includes(frame.functionName)) continue;
    const place =
      frame.functionName === '(garbage collector)'
        ? '(garbage collector)'
        : where(frame.url, frame.lineNumber);
    byPlace.set(place, (byPlace.get(place) ?? 0) + t);
    const fn = `${frame.functionName || '(anonymous)'} ${place}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
  }
  const busy = total - idle;
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)}%`;
  const ms = (t: number) => `${(t / 1000).toFixed(0).padStart(7)} ms`;
  const lines = [`${path}\n  busy ${ms(busy)} of ${ms(total)} wall`];
  lines.push('  self time by package / folder:');
  for (const [k, t] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`   ${pct(t)} ${ms(t)}  ${k}`);
  lines.push('  hottest functions (self):');
  for (const [k, t] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`   ${pct(t)} ${ms(t)}  ${k}`);
  return lines.join('\n');
}

if (require.main === module) {
  for (const path of process.argv.slice(2)) console.log(summarize(path));
}
