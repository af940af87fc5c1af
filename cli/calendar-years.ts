import { yearScheduleSchema } from '../domain/holiday-schedule';
import { type Connection, clientFor } from './connection';
import { run } from './errors';
import { json } from './format';
import type { Output } from './output';
import { checked, readJsonFile } from './read-input';

/** Which years the working-day calendar knows: from the built-in data, and loaded by operators. */
export function calendarShow(options: Connection & { json?: boolean }, output: Output): Promise<number> {
  return run(output, options.api, async () => {
    const coverage = await clientFor(options).calendar();
    if (options.json) {
      output.out(json(coverage));
      return;
    }
    output.out(`Covered 已有国务院节假日安排的年份: ${coverage.coveredYears.join(', ') || 'none'}`);
    output.out(`Loaded by operators 运维载入: ${coverage.loadedYears.join(', ') || 'none'}`);
    output.out(
      'A publicity window running into a year not covered is provisional (暂定) until that year is loaded: `calendar load <file.json>`.',
    );
  });
}

/**
 * Loads a year's State Council holiday notice ({ year, holidays, makeUpWorkdays, source }), checked with
 * the API's schema first. Open publicity windows are recomputed over it.
 */
export function calendarLoad(
  options: Connection & { file: string; json?: boolean },
  output: Output,
): Promise<number> {
  return run(output, options.api, async () => {
    const schedule = checked(yearScheduleSchema, readJsonFile(options.file), options.file);
    const result = await clientFor(options).loadCalendarYear(schedule);
    if (options.json) {
      output.out(json(result));
      return;
    }
    output.out(
      `Loaded 已载入 ${schedule.year}: ${schedule.holidays.length} holidays 节假日, ${schedule.makeUpWorkdays.length} make-up workdays 调休上班日 (source 来源: ${schedule.source})`,
    );
    output.out(`Open publicity windows recomputed 已重算公示期: ${result.casesUpdated.length}`);
    for (const failed of result.casesFailed)
      output.err(`  not recomputed: ${failed.workflowId}: ${failed.why}`);
    return result.casesFailed.length > 0 ? 1 : 0;
  });
}
