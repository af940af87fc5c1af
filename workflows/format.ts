import { chinaDateOf } from '../domain/dates';

/** "2027-03-01 08:00" in China time, for people reading the UI at night. */
export function chinaDateTime(instant: string): string {
  const shifted = new Date(Date.parse(instant) + 8 * 3600_000).toISOString();
  return `${chinaDateOf(instant)} ${shifted.slice(11, 16)}`;
}
