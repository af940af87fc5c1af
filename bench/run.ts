/**
 * `npm run bench`: the service's cost against Temporal's own floor, measured in one run on one
 * machine. Every figure sits beside a baseline (a bare workflow doing the least Temporal allows) from
 * the same run, and the table gives the ratio. See README.md § Performance; sizes are flags:
 *   npm run bench -- --starts 1000 --concurrency 50 --storm 500 --memory-sizes 500,1000
 *   npm run bench -- --full                        (the scale curve up to 10,000: the README's run)
 *   npm run bench -- --only starts,events          (a partial run does not replace latest.json)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, type as osType, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { SQLITE_PRAGMAS } from '../worker/dev-server';
import { temporalCliPath } from '../worker/temporal-binaries';
import type { BenchContext } from './lib/context';
import { startEnv } from './lib/env';
import { markdownTable, ratio, type Section, scaleTable } from './lib/report';
import { measureEvents } from './measure/events';
import { measureHistory } from './measure/history';
import { measureMemory } from './measure/memory';
import { measureSandbox } from './measure/sandbox';
import { measureStarts } from './measure/starts';
import { measureStorm } from './measure/storm';

const measurements = ['starts', 'events', 'storm', 'history', 'sandbox', 'memory'] as const;
type Measurement = (typeof measurements)[number];

const { values: flags } = parseArgs({
  options: {
    starts: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    'event-samples': { type: 'string', default: '200' },
    storm: { type: 'string' },
    'storm-lead-ms': { type: 'string' },
    'memory-sizes': { type: 'string' },
    full: { type: 'boolean', default: false },
    'replay-reps': { type: 'string', default: '30' },
    transitions: { type: 'string', default: '2000' },
    'sandbox-runs': { type: 'string', default: '7' },
    ports: { type: 'string', default: 'memory' },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'keep-data': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

const int = (name: keyof typeof flags): number => {
  const value = Number(flags[name]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
  return value;
};

/** Ascending sizes from a comma list; the scale curve's points unless given. */
const sizes = (name: 'storm' | 'memory-sizes'): number[] =>
  (flags[name] ?? (flags.full ? FULL_SIZES : DEFAULT_SIZES))
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0)
    .sort((a, b) => a - b);
// The defaults finish on a loaded 2-core machine in under 10 minutes; 10,000 open cases take most of
// a --full run (the worker starts them at its own pace).
const DEFAULT_SIZES = '100,1000';
const FULL_SIZES = '100,1000,10000';

const resultsDir = resolve(__dirname, 'results');

async function main() {
  if (flags.help) {
    console.log(`npm run bench -- [--only ${measurements.join(',')}] [--starts N] [--concurrency C] [--warmup N]
  [--rounds R] [--event-samples N] [--storm 100,1000] [--storm-lead-ms MS] [--memory-sizes 100,1000] [--full]
  [--replay-reps N] [--transitions K] [--sandbox-runs N] [--ports memory|file] [--profile] [--keep-data]`);
    return;
  }
  const only = (flags.only?.split(',') ?? measurements) as Measurement[];
  for (const name of only) if (!measurements.includes(name)) throw new Error(`--only: unknown "${name}"`);
  if (flags.ports !== 'memory' && flags.ports !== 'file') throw new Error('--ports is memory or file');
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const profileDir = flags.profile ? join(resultsDir, 'profiles', stamp) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });

  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  const log = (message: string) =>
    console.error(
      `[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4)}s] ${message}`,
    );
  log('starting the embedded Temporal dev server (fresh data folder, free ports) and bundling workflows');
  const env = await startEnv({ ports: flags.ports, cpuProfileDir: profileDir, keepData: flags['keep-data'] });
  // The dev server runs in its own process group: Ctrl-C must stop it (and the worker children) too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      void env.stop().finally(() => process.exit(130));
    });
  }
  const sections: Section[] = [];
  let settings: Record<string, unknown> = {};
  try {
    const ctx: BenchContext = {
      env,
      product: await env.startWorker('product', env.productQueue),
      baseline: await env.startWorker('baseline', 'bench-baseline'),
      runId: Date.now().toString(36),
      log,
    };
    settings = { product: ctx.product.settings, baseline: ctx.baseline.settings };
    const run = async (name: Measurement, measure: () => Promise<Section>) => {
      if (!only.includes(name)) return;
      log(`measuring ${name}`);
      const t0 = Date.now();
      const section = await measure();
      section.details.elapsedSeconds = (Date.now() - t0) / 1000;
      sections.push(section);
      log(`${name} done in ${section.details.elapsedSeconds}s`);
    };
    await run('starts', () =>
      measureStarts(ctx, {
        starts: int('starts'),
        concurrency: int('concurrency'),
        warmup: int('warmup'),
        rounds: Math.max(1, int('rounds')),
      }),
    );
    await run('events', () => measureEvents(ctx, { samples: int('event-samples'), warmup: int('warmup') }));
    await run('storm', () =>
      measureStorm(ctx, {
        sizes: sizes('storm'),
        leadMs: flags['storm-lead-ms'] === undefined ? undefined : int('storm-lead-ms'),
      }),
    );
    await run('history', () => measureHistory(ctx, { replayReps: int('replay-reps') }));
    await run('sandbox', () =>
      measureSandbox(ctx, { transitions: int('transitions'), runs: Math.max(1, int('sandbox-runs')) }),
    );
    // Last: it leaves thousands of open workflows on the server.
    await run('memory', () => measureMemory(ctx, { sizes: sizes('memory-sizes') }));
  } finally {
    await env.stop();
  }

  const result = {
    date: startedAt.toISOString(),
    commit: gitCommit(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    machine: machine(),
    temporal: { cli: cliVersion(), sqlitePragmas: SQLITE_PRAGMAS },
    workerSettings: settings,
    options: flags,
    table: markdownTable(sections),
    scaleCurve: scaleTable(sections),
    sections: sections.map((s) => ({ ...s, rows: s.rows.map((row) => ({ ...row, ratio: ratio(row) })) })),
  };
  mkdirSync(resultsDir, { recursive: true });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(join(resultsDir, `${stamp}.json`), json);
  const complete = measurements.every((name) => only.includes(name));
  if (complete) {
    writeFileSync(join(resultsDir, 'latest.json'), json);
    formatForLint(join(resultsDir, 'latest.json'));
  }
  console.log(`\n${result.table}\n`);
  if (result.scaleCurve)
    console.log(`Scale curve (each point with its own baseline, same run):\n\n${result.scaleCurve}\n`);
  console.log(
    `${result.machine.os}, ${result.machine.cpus}× ${result.machine.cpuModel}, ${result.machine.memoryGiB} GiB, Node ${result.machine.node}; ${result.temporal.cli}`,
  );
  console.log(`SQLite pragmas: ${SQLITE_PRAGMAS.join(', ')}`);
  console.log(`Worker settings: ${JSON.stringify(settings.product)}`);
  console.log(`Written: bench/results/${stamp}.json${complete ? ' and bench/results/latest.json' : ''}`);
  if (profileDir) console.log(`CPU profiles of the worker children: ${profileDir}`);
}

function machine() {
  const list = cpus();
  return {
    os: `${osType()} ${release()}`,
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

/** latest.json is committed, so it is written the way `npm run lint` (Biome) wants it. */
function formatForLint(path: string): void {
  try {
    execFileSync(resolve(__dirname, '../node_modules/.bin/biome'), ['format', '--write', path], {
      stdio: 'ignore',
    });
  } catch {
    console.error(`could not format ${path} with Biome; run npm run format`);
  }
}

/** The commit measured, marked `+dirty` when the work tree had changes. */
function gitCommit(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: resolve(__dirname, '..'), encoding: 'utf8' }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain') ? '+dirty' : ''}`;
  } catch {
    return 'unknown';
  }
}

function cliVersion(): string {
  try {
    return execFileSync(temporalCliPath(), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
