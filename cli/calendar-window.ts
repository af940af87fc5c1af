import { readOccurredAt } from '../domain/dates';
import { type Connection, clientFor } from './connection';
import { run, UsageError } from './errors';
import { chinaTime, json, table } from './format';
import type { Output } from './output';

export interface CalendarWindowOptions extends Connection {
  /** When the notice goes (or went) up: a date, a China time, or an ISO instant. */
  publishedAt: string;
  workingDays?: number;
  json?: boolean;
}

const weekdays = ['日', '一', '二', '三', '四', '五', '六'];
const weekdayOf = (date: string) => weekdays[new Date(`${date}T12:00:00+08:00`).getUTCDay()];

/**
 * A clerk plans a pre-appointment publicity (任前公示): when a notice published then would close, the
 * working days it counts, and whether the calendar knows the years it runs into.
 */
export function calendarWindow(options: CalendarWindowOptions, output: Output): Promise<number> {
  return run(output, options.api, async () => {
    if (!readOccurredAt(options.publishedAt)) {
      throw new UsageError(
        `--published-at ${JSON.stringify(options.publishedAt)}: write a date (2026-12-28), a China time ("2026-12-28 09:00") or an ISO instant`,
      );
    }
    const window = await clientFor(options).publicityWindow({
      publishedAt: options.publishedAt,
      workingDays: options.workingDays,
    });
    if (options.json) {
      output.out(json(window));
      return;
    }
    // closesAt is an exclusive bound: the window is open through the whole of its last working day.
    output.out(
      `任前公示 ${window.workingDays} 个工作日 · publicity of ${window.workingDays} working days, published ${chinaTime(window.publishedAt)}`,
    );
    output.out(
      `Closes 期满: at the end of ${window.lastWorkingDay} (周${weekdayOf(window.lastWorkingDay)}), i.e. ${chinaTime(window.closesAt)} China time`,
    );
    output.out(
      table(
        ['#', 'working day 工作日', ''],
        window.workingDaysCounted.map((day, i) => [i + 1, day, `周${weekdayOf(day)}`]),
      ),
    );
    if (window.provisional) {
      output.out(
        `Provisional 暂定: the calendar lacks the State Council's holiday notice for ${window.uncoveredYears.join(', ')}; the close may move when an operator loads it (PUT /v1/calendar/years/{year}).`,
      );
    } else output.out('Not provisional: every day counted is covered by an official holiday notice.');
  });
}
