/** Calendar dates (YYYY-MM-DD) as a person in a given time zone sees them. */

/** Today's date in `timeZone` (an IANA name); UTC when the name is unknown. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  let zone = timeZone;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    zone = 'UTC';
  }
  // en-CA formats a date as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Whether a date-only value lies after today in `timeZone` (the same day is not the future). */
export function isAfterToday(date: string, timeZone: string, now: Date = new Date()): boolean {
  return date.slice(0, 10) > todayIn(timeZone, now);
}
