import { type Connection, clientFor } from './connection';
import { run } from './errors';
import { casesTable, json, table } from './format';
import type { Output } from './output';

export interface LedgerOptions extends Connection {
  nominator: string;
  json?: boolean;
}

/** Outcomes first as the ledger counts them: "open" while a case runs, then how each ended. */
export function ledger(options: LedgerOptions, output: Output): Promise<number> {
  return run(output, options.api, async () => {
    const result = await clientFor(options).ledger(options.nominator);
    if (options.json) {
      output.out(json(result));
      return;
    }
    const total = result.cases.length;
    output.out(`Ledger of ${result.nominator} (谁提名谁负责): ${total} case${total === 1 ? '' : 's'}`);
    if (total === 0) return;
    const totals = Object.entries(result.totals).sort(([a], [b]) =>
      a === 'open' ? -1 : b === 'open' ? 1 : a.localeCompare(b),
    );
    output.out(table(['outcome', 'cases'], totals));
    output.out(casesTable(result.cases));
  });
}
