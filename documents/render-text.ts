import type { Block, FiledDocument } from './document';

/**
 * A filed document as plain text: it prints, archives and diffs well, and reads the same as the Word file.
 * Tables are written as aligned lines, forms as "label：value" pairs.
 */
export function renderText(doc: FiledDocument): string {
  const lines = [doc.title];
  if (doc.subtitle) lines.push(doc.subtitle);
  lines.push('');
  for (const [label, value] of doc.header) lines.push(`${label}：${value}`);
  for (const section of doc.sections) {
    lines.push('');
    if (section.heading) lines.push(section.heading);
    for (const block of section.blocks) lines.push(...blockLines(block));
  }
  lines.push('');
  for (const role of doc.signatures)
    lines.push(`${role}（签字）：＿＿＿＿＿＿＿＿    日期：＿＿＿＿年＿＿月＿＿日`);
  if (doc.footnote) lines.push('', doc.footnote);
  return `${lines.join('\n')}\n`;
}

function blockLines(block: Block): string[] {
  switch (block.kind) {
    case 'paragraph':
      return [`${block.indent ? '    ' : ''}${block.text}`];
    case 'table':
      return [block.columns.join(' | '), ...block.rows.map((row) => row.join(' | '))].map(
        (line) => `    ${line}`,
      );
    case 'form':
      return block.cells.map((cell) => `${cell.label}：${cell.value || '（空）'}`);
  }
}
