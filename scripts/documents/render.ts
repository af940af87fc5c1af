/**
 * Renders every document of a completed case of each track to .docx, then PDF, then PNG, so a person can
 * look at them: LibreOffice (`soffice`) and fonts-noto-cjk from Debian's packages, `pdftoppm` from
 * poppler-utils. The first page of each kind goes to docs/documents/, which the README shows.
 *   apt-get install --no-install-recommends libreoffice-writer-nogui fonts-noto-cjk poppler-utils
 *   npm run documents:render
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildDocument, documentDocx, documentKinds } from '../../documents/index';
import type { CaseView } from '../../domain/case-view';
import {
  completedDemotion,
  completedProbation,
  completedPromotion,
  completedRotation,
} from '../../test/documents/completed-cases';

const cases: Record<string, () => CaseView> = {
  promotion: completedPromotion,
  rotation: completedRotation,
  demotion: completedDemotion,
  probation: completedProbation,
};
const pictures = resolve(__dirname, '../../docs/documents');
const work = mkdtempSync(join(tmpdir(), 'cadre-documents-'));

function need(command: string, hint: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
  } catch {
    console.error(`${command} is not installed: ${hint}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  need('soffice', 'apt-get install --no-install-recommends libreoffice-writer-nogui fonts-noto-cjk');
  need('pdftoppm', 'apt-get install --no-install-recommends poppler-utils');
  mkdirSync(pictures, { recursive: true });
  const shown = new Set<string>();
  for (const [track, completed] of Object.entries(cases)) {
    const view = completed();
    for (const kind of documentKinds) {
      const pages = buildDocument(kind, view, { issuer: '中共某区委组织部' });
      if (!pages) continue;
      const base = `${track}-${kind}`;
      const docx = join(work, `${base}.docx`);
      writeFileSync(docx, await documentDocx(pages));
      execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', work, docx], {
        stdio: 'ignore',
      });
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '70',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        join(work, `${base}.pdf`),
        join(work, base),
      ]);
      console.log(`${base}: ${join(work, `${base}.pdf`)}`);
      // One picture per kind for the README: the promotion's where it has one.
      if (!shown.has(kind)) {
        copyFileSync(join(work, `${base}.png`), join(pictures, `${kind}.png`));
        shown.add(kind);
      }
    }
  }
  console.log(`PDFs in ${work}; first pages of each kind in ${pictures}`);
}

void main();
