// Pure working-day calendar for mainland China: no I/O, no clock, safe in the Temporal workflow sandbox.
export { builtInIssues } from './built-in';
export {
  builtInCalendar,
  type Calendar,
  calendarWith,
  coveredYears,
  isWorkingDay,
} from './calendar';
export { publicityWindow } from './publicity';
