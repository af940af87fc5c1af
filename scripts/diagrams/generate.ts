/**
 * Writes docs/machines/<track>.md, a Mermaid state diagram of every machine in machines/index.ts.
 *   npm run diagrams            regenerate the pages (and delete pages of tracks no longer listed)
 *   npm run diagrams -- --check write nothing; exit 1 listing missing, stale or orphaned pages
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AnyStateMachine } from 'xstate';
import type { Track } from '../../domain/case';
import { machinesByTrack } from '../../machines/index';
import {
  diagramPage,
  diagramsDir,
  generatedNotice,
  lintMermaid,
  toMermaid,
  withReadmeDiagrams,
} from './mermaid';
import { withReadmeRoles } from './roles-table';

const check = process.argv.includes('--check');
const dir = resolve(__dirname, '../..', diagramsDir);
const pages = new Map<string, string>(
  (Object.entries(machinesByTrack) as [Track, AnyStateMachine][]).map(([track, machine]) => {
    const problems = lintMermaid(toMermaid(machine));
    if (problems.length > 0) {
      console.error(`The ${track} diagram would not parse:\n  ${problems.join('\n  ')}`);
      process.exit(2);
    }
    return [`${track}.md`, diagramPage(track, machine)] as const;
  }),
);

const missing: string[] = [];
const stale: string[] = [];
// The README shows every diagram too, between its markers.
const readmePath = resolve(__dirname, '../..', 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const wantedReadme = withReadmeRoles(withReadmeDiagrams(readme, machinesByTrack));
const readmeStale = readme !== wantedReadme;
for (const [file, page] of pages) {
  const path = join(dir, file);
  if (!existsSync(path)) missing.push(file);
  else if (readFileSync(path, 'utf8') !== page) stale.push(file);
}
// Pages this script wrote for tracks no longer listed; other files in the folder are left alone.
const orphaned = existsSync(dir)
  ? readdirSync(dir)
      .filter((file) => file.endsWith('.md') && !pages.has(file))
      .filter((file) => readFileSync(join(dir, file), 'utf8').includes(generatedNotice))
      .sort()
  : [];

const show = (files: string[]) => files.map((file) => `${diagramsDir}/${file}`).join(', ');
if (check) {
  const report = [
    missing.length > 0 ? `missing: ${show(missing)}` : '',
    stale.length > 0 ? `stale: ${show(stale)}` : '',
    orphaned.length > 0 ? `orphaned (no such track): ${show(orphaned)}` : '',
    readmeStale ? 'stale: the diagrams or the Roles tables in README.md' : '',
  ].filter(Boolean);
  if (report.length > 0) {
    console.error(`Machine diagrams are out of date. Run \`npm run diagrams\`.\n  ${report.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`Machine diagrams are up to date (${pages.size} in ${diagramsDir}).`);
} else {
  mkdirSync(dir, { recursive: true });
  for (const file of [...missing, ...stale]) writeFileSync(join(dir, file), pages.get(file) as string);
  for (const file of orphaned) rmSync(join(dir, file));
  if (readmeStale) writeFileSync(readmePath, wantedReadme);
  const changed = [...missing, ...stale];
  console.log(
    [
      changed.length > 0 ? `wrote ${show(changed)}` : `${pages.size} diagram(s) already up to date`,
      orphaned.length > 0 ? `deleted ${show(orphaned)}` : '',
      readmeStale ? 'updated README.md' : '',
    ]
      .filter(Boolean)
      .join('; '),
  );
}
