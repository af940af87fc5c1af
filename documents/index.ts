import type { CaseView } from '../domain/case-view';
import { approvalForms } from './approval-form';
import { caseRecordDocument } from './case-record';
import type { FiledDocument } from './document';
import { inspectionNotice, publicityNotice } from './notices';
import { renderDocx } from './render-docx';
import { renderText } from './render-text';
import { Terms } from './terms';

/**
 * The documents a case yields, by the name the API and the CLI use (`…/documents/{kind}`). Each is built
 * from the case's view — already filtered for the caller (api/confidentiality.ts) — and written as a Word
 * file or as plain text with the same content.
 */
export const documentKinds = ['record', 'approval-forms', 'inspection-notice', 'publicity-notice'] as const;
export type DocumentKind = (typeof documentKinds)[number];

export const documentTitles: Record<DocumentKind, { zh: string; en: string }> = {
  record: { zh: '干部选拔任用工作纪实', en: 'the full-process record' },
  'approval-forms': { zh: '干部任免审批表', en: 'the appointment approval forms' },
  'inspection-notice': { zh: '考察预告', en: 'the inspection notice' },
  'publicity-notice': { zh: '干部任前公示', en: 'the pre-appointment publicity notice' },
};

/** What the documents need beyond the case: the name of the organization department that issues them. */
export interface DocumentOptions {
  issuer: string;
}

/** The document's pages, or `undefined` when the case has not reached the step that yields it. */
export function buildDocument(
  kind: DocumentKind,
  view: CaseView,
  options: DocumentOptions,
  terms = new Terms(),
): FiledDocument[] | undefined {
  switch (kind) {
    case 'record':
      return [caseRecordDocument(view, terms)];
    case 'approval-forms': {
      const forms = approvalForms(view, terms);
      return forms.length ? forms : undefined;
    }
    case 'inspection-notice': {
      const notice = inspectionNotice(view, options.issuer);
      return notice ? [notice] : undefined;
    }
    case 'publicity-notice': {
      const notice = publicityNotice(view, options.issuer, terms);
      return notice ? [notice] : undefined;
    }
  }
}

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function documentText(pages: FiledDocument[]): string {
  return pages.map(renderText).join('\n\f\n');
}

export function documentDocx(pages: FiledDocument[]): Promise<Buffer> {
  return renderDocx(pages);
}
