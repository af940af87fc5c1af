import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type YearSchedule, yearScheduleSchema } from '../domain/holiday-schedule';

/**
 * Year schedules operators loaded (the State Council's notice for a year, as data): no release needed.
 * One JSON file; production keeps it wherever the API's configuration lives. A loaded year replaces the
 * built-in one for that year.
 */
export class CalendarStore {
  constructor(private readonly path: string) {}

  list(): YearSchedule[] {
    if (!existsSync(this.path)) return [];
    return yearScheduleSchema.array().parse(JSON.parse(readFileSync(this.path, 'utf8')));
  }

  put(schedule: YearSchedule): YearSchedule[] {
    const all = [...this.list().filter((s) => s.year !== schedule.year), schedule].sort(
      (a, b) => a.year - b.year,
    );
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(all, null, 2));
    renameSync(temp, this.path);
    return all;
  }
}
