/**
 * The IANA time zones this runtime knows (Intl.supportedValuesOf('timeZone'): canonical names such as Africa/Tunis),
 * plus UTC. Offices and people choose from this list; the server accepts nothing else.
 */
export const TIME_ZONES: readonly string[] = Object.freeze(['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')]);

const KNOWN = new Set(TIME_ZONES);

export function isTimeZone(value: unknown): value is string {
  return typeof value === 'string' && KNOWN.has(value);
}

/** The zones grouped by their region (the part before the first "/"), for a select with option groups. */
export function timeZoneGroups(): Array<{ region: string; zones: string[] }> {
  const groups = new Map<string, string[]>();
  for (const z of TIME_ZONES) {
    const region = z.includes('/') ? (z.split('/')[0] as string) : 'UTC';
    const list = groups.get(region) ?? [];
    list.push(z);
    groups.set(region, list);
  }
  return [...groups.entries()].map(([region, zones]) => ({ region, zones }));
}
