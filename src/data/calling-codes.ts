import { readFileSync } from 'node:fs';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DomainDataError } from './domain-data.js';

/**
 * The E.164 country calling codes (calling-codes.json beside this file, from ITU-T's list): which countries a phone
 * number's leading digits belong to. Read to route an SMS or WhatsApp report by its sender's country when the
 * number it was sent to belongs to no office; the number itself is never stored.
 */
export const CallingCodesFileSchema = Type.Object(
  {
    source: Type.String({ minLength: 10 }),
    compiled: Type.String({ pattern: '^\\d{4}-\\d{2}$' }),
    codes: Type.Record(Type.String({ pattern: '^[1-9]\\d{0,2}$' }), Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), { minItems: 1 })),
  },
  { additionalProperties: false },
);
export type CallingCodesFile = Static<typeof CallingCodesFileSchema>;

function load(): CallingCodesFile {
  const file = new URL('./calling-codes.json', import.meta.url);
  const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const error = Value.Errors(CallingCodesFileSchema, data).First();
  if (error) throw new DomainDataError(`src/data/calling-codes.json${error.path}: ${error.message}`);
  return data as CallingCodesFile;
}

const CODES = load().codes;

/** The countries of an E.164 number (+ and digits) by its longest matching country code; [] when none matches. */
export function countriesOfNumber(e164: string): readonly string[] {
  const digits = e164.replace(/^\+/, '');
  for (const len of [3, 2, 1]) {
    const found = CODES[digits.slice(0, len)];
    if (found && digits.length > len) return found;
  }
  return [];
}
