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
export { type PublicityWindow, type PublicityWindowInput, publicityWindow } from './publicity';
