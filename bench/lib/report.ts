/** One line of the table: a product figure beside its baseline from the same run. */
export interface Row {
  figure: string;
  /** What the baseline is. */
  baseline: string;
  unit: string;
  productValue: number;
  baselineValue: number;
  /** `rate`: more is better, × = baseline ÷ product. `cost`: less is better, × = product ÷ baseline. */
  kind: 'rate' | 'cost';
  /** Shown instead of a value that could not be measured (NaN), e.g. "worker crashed". */
  productNote?: string;
  baselineNote?: string;
}

export interface Section {
  id: string;
  title: string;
  rows: Row[];
  /** Everything else measured, for the JSON. */
  details: Record<string, unknown>;
}

/** How many times the baseline's cost the product pays (1× = none; > 1× = overhead). */
export const ratio = (row: Row): number =>
  row.kind === 'rate' ? row.baselineValue / row.productValue : row.productValue / row.baselineValue;

function formatValue(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ${unit}`.trimEnd();
}

/** A Markdown table; it reads as well in a terminal as in the README. */
export function markdownTable(sections: Section[]): string {
  const header = ['Figure', 'Product', 'Baseline (same run)', 'Baseline is', '×'];
  const lines: string[][] = [];
  for (const section of sections) {
    for (const row of section.rows) {
      lines.push([
        row.figure,
        Number.isFinite(row.productValue)
          ? formatValue(row.productValue, row.unit)
          : (row.productNote ?? '—'),
        Number.isFinite(row.baselineValue)
          ? formatValue(row.baselineValue, row.unit)
          : (row.baselineNote ?? '—'),
        row.baseline,
        Number.isFinite(ratio(row)) ? `${ratio(row).toFixed(ratio(row) >= 10 ? 0 : 1)}×` : '—',
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(width(h), ...lines.map((line) => width(line[i] ?? ''))));
  const numeric = new Set([1, 2, 4]);
  const pad = (cell: string, i: number) => {
    const fill = ' '.repeat((widths[i] ?? 0) - width(cell));
    return numeric.has(i) ? fill + cell : cell + fill;
  };
  const render = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [render(header), rule, ...lines.map(render)].join('\n');
}

/** Display width: CJK characters take two columns. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
}

interface StormPoint {
  n: number;
  cases: { ms: number };
  timers: { ms: number };
}
interface MemoryPoint {
  open: number;
  rss: number;
  startsPerSecond: number;
}

/**
 * The scale curve: at each N the storm and the memory section measured, the product beside its own
 * baseline at the same N (from the sections' details), so how the cost grows with the work shows.
 * Empty when neither section ran.
 */
export function scaleTable(sections: Section[]): string {
  const storms = (sections.find((s) => s.id === 'storm')?.details.storms ?? []) as StormPoint[];
  const memory = sections.find((s) => s.id === 'memory')?.details as
    | { product?: { samples: MemoryPoint[] }; baseline?: { samples: MemoryPoint[] } }
    | undefined;
  const at = (side: 'product' | 'baseline', n: number) => memory?.[side]?.samples.find((s) => s.open === n);
  const ns = [...new Set([...storms.map((s) => s.n), ...(memory?.product?.samples ?? []).map((s) => s.open)])]
    .filter((n) => n > 0)
    .sort((a, b) => a - b);
  if (ns.length === 0) return '';
  const pair = (p: number | undefined, b: number | undefined, unit: string, kind: Row['kind']) => {
    if (p === undefined || b === undefined || !Number.isFinite(p) || !Number.isFinite(b))
      return ['—', '—', '—'];
    const x = kind === 'rate' ? b / p : p / b;
    return [formatValue(p, unit), formatValue(b, unit), `${x.toFixed(x >= 10 ? 0 : 1)}×`];
  };
  const header = ['N', 'starts/s', 'bare', '×', 'storm', 'bare timers', '×', 'worker RSS', 'bare', '×'];
  const lines = ns.map((n) => {
    const storm = storms.find((s) => s.n === n);
    const p = at('product', n);
    const b = at('baseline', n);
    return [
      n.toLocaleString('en-US'),
      ...pair(p?.startsPerSecond, b?.startsPerSecond, '/s', 'rate'),
      ...pair(storm && storm.cases.ms / 1000, storm && storm.timers.ms / 1000, 's', 'cost'),
      ...pair(p && p.rss / 2 ** 20, b && b.rss / 2 ** 20, 'MiB', 'cost'),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => (line[i] ?? '').length)));
  const render = (cells: string[]) =>
    `| ${cells.map((c, i) => ' '.repeat((widths[i] ?? 0) - c.length) + c).join(' | ')} |`;
  const rule = `|${widths.map((w) => `${'-'.repeat(w + 1)}:`).join('|')}|`;
  return [render(header), rule, ...lines.map(render)].join('\n');
}
