// Pure working-day calendar for mainland China: no I/O, no clock, safe in the Temporal workflow sandbox.
export { builtInIssues, builtInSchedules } from './built-in';
export {
  builtInCalendar,
  type Calendar,
  calendarWith,
  coveredYears,
  type DayStatus,
  dayStatus,
  isWorkingDay,
} from './calendar';
export {
  addCalendarMonths,
  addDays,
  type ChinaDate,
  chinaDateOf,
  daysBetween,
  endOfChinaDay,
  type Instant,
  isChinaDate,
  startOfChinaDay,
  weekdayOf,
} from './china-time';
export { type PublicityWindow, type PublicityWindowInput, publicityWindow } from './publicity';
export { chinaDateSchema, type YearSchedule, yearScheduleSchema } from './year-schedule';
