import {
  AlignmentType,
  Document,
  Footer,
  HeightRule,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { Block, FiledDocument, FormCell } from './document';

/**
 * A filed document as a Word file (.docx), the format Chinese government offices and WPS open: A4, 宋体
 * body and 黑体 headings (LibreOffice and WPS substitute an installed CJK font where these are missing),
 * "第 N 页 共 M 页" in the footer, and signature lines at the end.
 */
export function renderDocx(docs: FiledDocument[]): Promise<Buffer> {
  const first = docs[0];
  if (!first) throw new RangeError('no document to render');
  const file = new Document({
    creator: '干部选拔任用工作系统',
    title: first.title,
    styles: { default: { document: { run: { font: BODY_FONT, size: 24 } } } },
    // One section per document, each on a page of its own (one approval form per candidate).
    sections: docs.map((doc) => ({
      properties: { page: { margin: { top: 1440, bottom: 1440, left: 1588, right: 1474 } } },
      footers: { default: pageFooter() },
      children: bodyOf(doc),
    })),
  });
  return Packer.toBuffer(file);
}

const BODY_FONT = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun' };
const HEADING_FONT = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' };

/** 第 N 页 共 M 页 */
const pageFooter = () =>
  new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({ children: ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'] }),
        ],
      }),
    ],
  });

function bodyOf(doc: FiledDocument): Array<Paragraph | Table> {
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [run(doc.title, { heading: true, size: 36 })],
    }),
    ...(doc.subtitle
      ? [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(doc.subtitle)] })]
      : []),
    new Paragraph({ children: [] }),
    ...doc.header.map(
      ([label, value]) => new Paragraph({ children: [run(`${label}：`, { bold: true }), run(value)] }),
    ),
    ...doc.sections.flatMap((section) => [
      new Paragraph({ children: [] }),
      ...(section.heading ? [new Paragraph({ children: [run(section.heading, { heading: true })] })] : []),
      ...section.blocks.map(blockOf),
    ]),
    new Paragraph({ children: [] }),
    ...doc.signatures.map(
      (role) =>
        new Paragraph({
          spacing: { before: 240 },
          children: [run(`${role}（签字）：＿＿＿＿＿＿＿＿＿＿        日期：＿＿＿＿年＿＿月＿＿日`)],
        }),
    ),
    ...(doc.footnote
      ? [new Paragraph({ spacing: { before: 360 }, children: [run(doc.footnote, { size: 18 })] })]
      : []),
  ];
}

function run(text: string, style: { bold?: boolean; heading?: boolean; size?: number } = {}): TextRun {
  return new TextRun({
    text,
    bold: style.bold || style.heading,
    size: style.size,
    font: style.heading ? HEADING_FONT : undefined,
  });
}

function blockOf(block: Block): Paragraph | Table {
  switch (block.kind) {
    case 'paragraph':
      return new Paragraph({ indent: block.indent ? { left: 480 } : undefined, children: [run(block.text)] });
    case 'table':
      return new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [block.columns, ...block.rows].map(
          (row, i) =>
            new TableRow({ tableHeader: i === 0, children: row.map((text) => cell(text, i === 0)) }),
        ),
      });
    case 'form':
      return formTable(block.perRow, block.cells);
  }
}

function cell(text: string, bold = false, columnSpan?: number): TableCell {
  return new TableCell({
    columnSpan,
    verticalAlign: VerticalAlign.CENTER,
    children: text.split('\n').map((line) => new Paragraph({ children: [run(line, { bold })] })),
  });
}

/** The approval form's grid: label and value cells, `perRow` pairs to a row, long fields spanning it. */
function formTable(perRow: number, cells: FormCell[]): Table {
  const rows: TableRow[] = [];
  let current: TableCell[] = [];
  let used = 0;
  let tall = false;
  const flush = () => {
    if (!current.length) return;
    if (used < perRow) current.push(cell('', false, (perRow - used) * 2));
    rows.push(
      new TableRow({
        height: tall ? { value: 2400, rule: HeightRule.ATLEAST } : undefined,
        children: current,
      }),
    );
    current = [];
    used = 0;
    tall = false;
  };
  for (const formCell of cells) {
    const span = Math.min(formCell.span ?? 1, perRow);
    if (used + span > perRow) flush();
    current.push(cell(formCell.label, true), cell(formCell.value, false, span * 2 - 1));
    used += span;
    tall ||= Boolean(formCell.tall);
  }
  flush();
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows });
}
