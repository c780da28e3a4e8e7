/** Normalisers for blind indexes: the same person written two ways should give the same token. */

export function normaliseName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .sort()
    .join(' ');
}

/**
 * Digits only; the last 8 digits identify a line across formats (with or without the country code or a trunk
 * 0). Eight, not nine: numbering plans such as Tunisia's have 8-digit subscriber numbers. A blind index only
 * proposes candidates, which a person then confirms, so the rare collision costs a look, not a wrong link.
 */
export function normalisePhone(value: string): string {
  const digits = value.replace(/\D+/g, '');
  return digits.length > 8 ? digits.slice(-8) : digits;
}

export function normaliseDocument(value: string): string {
  return value.normalize('NFKD').toUpperCase().replace(/[^A-Z0-9]+/g, '');
}

/** YYYY-MM-DD, or empty when the value is not a date. */
export function normaliseDate(value: string): string {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(value.trim());
  if (!m) return '';
  return `${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}`;
}

export function normalisePlace(value: string): string {
  return normaliseName(value);
}
