/**
 * A document as the department files it, before it is a Word file or plain text: a title, a header of
 * labelled facts, sections of paragraphs and tables, and the signature lines. Builders (case-record.ts,
 * approval-form.ts, notices.ts) produce this; render-text.ts and render-docx.ts write it out, so a
 * document reads the same in both forms.
 */
export interface FiledDocument {
  /** Also the file's name, with the case id. */
  title: string;
  subtitle?: string;
  /** Labelled facts under the title (案件编号, 拟任职务, …). */
  header: Array<[label: string, value: string]>;
  sections: Section[];
  /** Who signs: 经办人, 审核人, 负责人 … each with a line and a date. */
  signatures: string[];
  /** A line under everything, e.g. where the record came from. */
  footnote?: string;
}

export interface Section {
  heading?: string;
  blocks: Block[];
}

export type Block =
  | { kind: 'paragraph'; text: string; indent?: boolean }
  | { kind: 'table'; columns: string[]; rows: string[][] }
  /** A form: label cells beside value cells, in rows of up to `perRow` pairs (the approval form). */
  | { kind: 'form'; perRow: number; cells: FormCell[] };

export interface FormCell {
  label: string;
  value: string;
  /** How many value columns the value spans (a long field across the row). */
  span?: number;
  /** A tall box: the résumé, the approval boxes. */
  tall?: boolean;
}

export const paragraph = (text: string, indent = false): Block => ({ kind: 'paragraph', text, indent });
