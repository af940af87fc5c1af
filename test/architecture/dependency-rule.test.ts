import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The dependency rule (ARCHITECTURE.md) lives in biome.json: per-folder `noRestrictedImports`, a GritQL
 * plugin for "workflows name activities only as types", and `noImportCycles` with type-only imports
 * counted. `npm run lint` applies it to the tree; this test proves each rule is live. It copies the
 * project's own biome.json (and its plugins) next to probe files in a scratch folder, lints them in one
 * Biome run, and asserts that every forbidden import is reported and every allowed one is not. Remove or
 * loosen a rule and its probe fails.
 *
 * Biome's `--stdin-file-path` mode is no use here: it prints the input back and exits 1 whatever the
 * diagnostics, so the probes are real files. Biome calls its JSON reporter experimental: if a release
 * changes its shape, this test fails loudly (it cannot parse or finds no diagnostics), never silently.
 */

const root = resolve(__dirname, '../..');
const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');

type Verdict = 'forbidden' | 'allowed';
/** One import statement in one probe file; each statement has its own line and its own local names. */
type Probe = { from: string; statement: string; verdict: Verdict };

const forbidden = (from: string, statement: string): Probe => ({ from, statement, verdict: 'forbidden' });
const allowed = (from: string, statement: string): Probe => ({ from, statement, verdict: 'allowed' });

const probes: Probe[] = [
  // domain imports nothing of the project; of packages only zod (and chinese-days' data).
  forbidden('domain/probe.ts', "import { m1 } from '../machines/promotion';"),
  forbidden('domain/probe.ts', "import type { m2 } from '../workflows/messages';"),
  forbidden('domain/probe.ts', "import { m3 } from '@temporalio/common';"),
  forbidden('domain/probe.ts', "import { m4 } from 'xstate';"),
  allowed('domain/probe.ts', "import { a1 } from './case';"),
  allowed('domain/probe.ts', "import { z } from 'zod';"),
  forbidden('domain/facts/probe.ts', "import { m1 } from '../../machines/rules/vote';"),
  allowed('domain/facts/probe.ts', "import { a1 } from '../dates';"),
  allowed('domain/facts/probe.ts', "import { a2 } from './vote';"),

  // machines import only domain (and xstate, chinese-days, zod): no Temporal, no I/O.
  forbidden('machines/probe.ts', "import { m1 } from '../workflows/messages';"),
  forbidden('machines/probe.ts', "import type { m2 } from '../activities/effects';"),
  forbidden('machines/probe.ts', "import { m3 } from '@temporalio/workflow';"),
  forbidden('machines/probe.ts', "import { m4 } from 'node:fs';"),
  allowed('machines/probe.ts', "import { a1 } from '../domain/case';"),
  allowed('machines/probe.ts', "import { a2 } from './meta';"),
  allowed('machines/probe.ts', "import { a3 } from 'xstate';"),
  allowed('machines/probe.ts', "import a4 from 'chinese-days/dist/chinese-days.json';"),
  forbidden('machines/fragments/probe.ts', "import { m1 } from '../../api/app';"),
  allowed('machines/fragments/probe.ts', "import { a1 } from '../../domain/steps/vote';"),
  allowed('machines/fragments/probe.ts', "import { a2 } from '../rules/vote';"),

  // workflows import domain and machines, activities only as types, never api or worker.
  forbidden('workflows/probe.ts', "import { m1 } from '../api/app';"),
  forbidden('workflows/probe.ts', "import { m2 } from '../worker/worker';"),
  forbidden('workflows/probe.ts', "import { m3 } from '../activities/effect-names';"),
  forbidden('workflows/probe.ts', "import * as m4 from '../activities/effects';"),
  forbidden('workflows/probe.ts', "export * from '../activities/notifier';"),
  allowed('workflows/probe.ts', "import type * as a1 from '../activities/effects';"),
  allowed('workflows/probe.ts', "import type { a2 } from '../activities/effect-names';"),
  allowed('workflows/probe.ts', "import { a3 } from '../machines/promotion';"),
  allowed('workflows/probe.ts', "import { a4 } from '../domain/case';"),
  allowed('workflows/probe.ts', "import { a5 } from './messages';"),
  allowed('workflows/probe.ts', "import { a6 } from '@temporalio/workflow';"),
  forbidden('workflows/probe.ts', "import { m5 } from '../security/converters';"),
  allowed('workflows/probe.ts', "import { a7 } from '../domain/sealed';"),

  // activities import domain and their own folder.
  forbidden('activities/probe.ts', "import type { m1 } from '../machines/promotion';"),
  forbidden('activities/probe.ts', "import { m2 } from '../workflows/messages';"),
  allowed('activities/probe.ts', "import { a1 } from '../domain/effects';"),
  allowed('activities/probe.ts', "import { a2 } from './notifier';"),
  allowed('activities/probe.ts', "import { a3 } from 'node:fs/promises';"),
  forbidden('activities/probe.ts', "import { m3 } from '../security/text-sealer';"),

  // documents import domain (and the docx package): no machines, Temporal or I/O.
  forbidden('documents/probe.ts', "import { m1 } from '../machines/promotion';"),
  forbidden('documents/probe.ts', "import { m2 } from '../workflows/messages';"),
  forbidden('documents/probe.ts', "import { m3 } from '@temporalio/client';"),
  forbidden('documents/probe.ts', "import { m4 } from 'node:fs';"),
  allowed('documents/probe.ts', "import { a1 } from '../domain/case-view';"),
  allowed('documents/probe.ts', "import { a2 } from 'docx';"),
  allowed('documents/probe.ts', "import { a3 } from './terms';"),

  // api imports domain, documents and the workflows' message definitions; never worker, activities or machines.
  forbidden('api/probe.ts', "import { m1 } from '../machines/calendar';"),
  forbidden('api/probe.ts', "import type { m2 } from '../activities/effects';"),
  forbidden('api/probe.ts', "import { m3 } from '../worker/config';"),
  forbidden('api/probe.ts', "import { m4 } from '../workflows/case-host';"),
  allowed('api/probe.ts', "import { a1 } from '../domain/case';"),
  allowed('api/probe.ts', "import { a2 } from '../workflows/messages';"),
  allowed('api/probe.ts', "import { a3 } from '../workflows/calendar-messages';"),
  allowed('api/probe.ts', "import { a4 } from '../workflows/search-attributes';"),
  allowed('api/probe.ts', "import { a5 } from '@temporalio/client';"),
  allowed('api/routes/probe.ts', "import { a4 } from '../../documents/index';"),
  forbidden('api/probe.ts', "import { m5 } from '../security/codec-server';"),
  forbidden('api/routes/probe.ts', "import { m1 } from '../../machines/calendar';"),
  forbidden('api/routes/probe.ts', "import { m2 } from '../../activities/record-store';"),
  allowed('api/routes/probe.ts', "import { a1 } from '../../workflows/messages';"),
  allowed('api/routes/probe.ts', "import { a2 } from '../errors';"),
  allowed('api/routes/probe.ts', "import { a3 } from '../../workflows/holiday-calendar/messages';"),
  forbidden('api/routes/probe.ts', "import { m3 } from '../../workflows/holiday-calendar/workflow';"),

  // security (keys, the codec, the codec server) imports domain only; the entry points import it.
  forbidden('security/probe.ts', "import { m1 } from '../api/credentials';"),
  forbidden('security/probe.ts', "import type { m2 } from '../activities/sealed-text';"),
  forbidden('security/probe.ts', "import { m3 } from '../workflows/messages';"),
  forbidden('security/probe.ts', "import { m4 } from '../worker/config';"),
  allowed('security/probe.ts', "import { a1 } from '../domain/sealed';"),
  allowed('security/probe.ts', "import { a2 } from './keyring';"),
  allowed('security/probe.ts', "import { a3 } from 'node:crypto';"),
  allowed('security/probe.ts', "import { a4 } from '@temporalio/common';"),

  // No cycles, type-only ones included: a ↔ b is reported on both sides, a chain is not.
  forbidden('api/cycle-a.ts', "import type { B } from './cycle-b';"),
  forbidden('api/cycle-b.ts', "import type { A } from './cycle-a';"),
  allowed('api/chain-a.ts', "import type { B } from './chain-b';"),
];

/** Files the probes import that must exist for the cycle rule to resolve them. */
const targets: Record<string, string> = {
  'api/chain-b.ts': 'export type B = number;\n',
};

/** The rules that carry the dependency rule; other diagnostics on probe files are not this test's. */
const ruleCategories = ['lint/style/noRestrictedImports', 'lint/suspicious/noImportCycles', 'plugin'];

type Diagnostic = { category: string; message: string; location: { path: string; start?: { line: number } } };

let scratch: string;
let reported: Diagnostic[];
/** Where each probe landed: its file and its line there. */
const lineOf = new Map<Probe, number>();

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'dependency-rule-'));
  const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8'));
  // The scratch folder is no git checkout; everything else is the project's configuration as it is.
  config.vcs = { enabled: false };
  writeFileSync(join(scratch, 'biome.json'), JSON.stringify(config));
  for (const plugin of pluginsOf(config)) {
    mkdirSync(dirname(join(scratch, plugin)), { recursive: true });
    cpSync(join(root, plugin), join(scratch, plugin));
  }

  const files = new Map<string, string[]>();
  for (const probe of probes) {
    const lines = files.get(probe.from) ?? [];
    lines.push(probe.statement);
    lineOf.set(probe, lines.length);
    files.set(probe.from, lines);
  }
  for (const [file, lines] of files) write(file, `${lines.join('\n')}\n\nexport type Probe = 1;\n`);
  for (const [file, text] of Object.entries(targets)) write(file, text);

  const linted = [...files.keys(), ...Object.keys(targets)];
  const run = spawnSync(
    process.execPath,
    [biome, 'lint', '--reporter=json', '--max-diagnostics=none', ...linted],
    {
      cwd: scratch,
      encoding: 'utf8',
    },
  );
  const result = JSON.parse(run.stdout) as { summary: { unchanged: number }; diagnostics: Diagnostic[] };
  expect(result.summary.unchanged, `Biome did not lint every probe file: ${run.stderr}`).toBe(linted.length);
  reported = result.diagnostics.filter((d) => ruleCategories.includes(d.category));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function write(file: string, text: string) {
  mkdirSync(dirname(join(scratch, file)), { recursive: true });
  writeFileSync(join(scratch, file), text);
}

function pluginsOf(config: { plugins?: string[]; overrides?: { plugins?: string[] }[] }): string[] {
  return [...(config.plugins ?? []), ...(config.overrides ?? []).flatMap((o) => o.plugins ?? [])];
}

describe('the dependency rule, as biome.json states it', () => {
  it.each(probes.map((probe) => [probe.verdict, probe.from, probe.statement, probe] as const))(
    '%s in %s: %s',
    (verdict, from, statement, probe) => {
      const onLine = reported.filter(
        (d) => d.location.path === from && d.location.start?.line === lineOf.get(probe),
      );
      if (verdict === 'forbidden') expect(onLine, `${from}: ${statement} is not reported`).not.toEqual([]);
      else expect(onLine.map((d) => d.message)).toEqual([]);
    },
  );

  it('every source file in a ruled folder sits at a depth biome.json has a rule for', () => {
    // The rule is written per depth ("../domain" from machines/x.ts, "../../domain" from
    // machines/fragments/x.ts), because Biome matches the import's text, not the file it resolves to.
    const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8')) as {
      overrides: {
        includes?: string[];
        linter?: { rules?: { style?: { noRestrictedImports?: unknown } } };
      }[];
    };
    const ruled = new Set(
      config.overrides
        .filter((o) => o.linter?.rules?.style?.noRestrictedImports)
        .flatMap((o) => o.includes ?? []),
    );
    const folders = new Set([...ruled].map((glob) => glob.split('/')[0] as string));
    expect([...folders].sort()).toEqual([
      'activities',
      'api',
      'documents',
      'domain',
      'machines',
      'security',
      'workflows',
    ]);
    const uncovered: string[] = [];
    for (const folder of folders) {
      for (const entry of readdirSync(join(root, folder), { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.[cm]?[jt]sx?$/.test(entry.name)) continue;
        const path = join(entry.parentPath, entry.name).slice(root.length + 1);
        const depth = path.split('/').length - 1;
        if (!ruled.has(`${folder}/${Array(depth).fill('*').join('/')}`)) uncovered.push(path);
      }
    }
    expect(uncovered, 'files deeper than any override of biome.json reaches: add that depth').toEqual([]);
  });
});
