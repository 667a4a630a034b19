/** Copenhagen local dates and Danish working days, as pure functions on `YYYY-MM-DD` strings. */
export { COPENHAGEN_TIME_ZONE, copenhagenDate } from './copenhagen-date.ts';
export {
  addDays,
  compareDates,
  daysBetween,
  daysInMonth,
  formatLocalDate,
  fromDayNumber,
  isoWeekday,
  isValidLocalDate,
  parseLocalDate,
  toDayNumber,
} from './local-date.ts';
export type { DanishHoliday } from './danish-holidays.ts';
export { LAST_STORE_BEDEDAG_YEAR, danishPublicHolidays, easterSunday, isDanishPublicHoliday } from './danish-holidays.ts';
export { addWorkingDays, isWorkingDay, workingDaysBetween } from './working-days.ts';
