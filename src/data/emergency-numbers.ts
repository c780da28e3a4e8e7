import { readFileSync } from 'node:fs';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DomainDataError } from './domain-data.js';

/**
 * The starter directory (emergency-numbers.json beside this file): national emergency numbers and anti-trafficking
 * hotlines per country, each naming who publishes it and marked "verify before publishing", so that the help page
 * of a fresh install is never empty. An office's own checked entries replace it for their country.
 */
export const NUMBER_KINDS = ['emergency', 'police', 'ambulance', 'fire', 'trafficking', 'children', 'women', 'rights'] as const;

const Entry = Type.Object(
  {
    kind: Type.Union(NUMBER_KINDS.map((k) => Type.Literal(k))),
    number: Type.String({ pattern: '^[0-9][0-9 -]{1,20}$' }),
    name: Type.Optional(Type.String({ minLength: 1 })),
    note: Type.Optional(Type.String()),
    source: Type.String({ minLength: 10 }),
    verifyBeforePublishing: Type.Boolean(),
  },
  { additionalProperties: false },
);
export const EmergencyFileSchema = Type.Object(
  {
    compiled: Type.String({ pattern: '^\\d{4}-\\d{2}$' }),
    checkedByOffice: Type.Boolean(),
    international: Type.Array(Entry, { minItems: 1 }),
    countries: Type.Record(Type.String({ pattern: '^[A-Z]{2}$' }), Type.Array(Entry, { minItems: 1 })),
  },
  { additionalProperties: true },
);
export type EmergencyNumber = Static<typeof Entry>;
export type EmergencyFile = Static<typeof EmergencyFileSchema>;

/** Reads and checks a file of this shape (the built-in one by default); an invalid file stops the start. */
export function readEmergencyNumbers(url = new URL('./emergency-numbers.json', import.meta.url)): EmergencyFile {
  const data = JSON.parse(readFileSync(url, 'utf8')) as unknown;
  const error = Value.Errors(EmergencyFileSchema, data).First();
  if (error) throw new DomainDataError(`Domain data file src/data/emergency-numbers.json is invalid: ${error.path}: ${error.message}`);
  return data as EmergencyFile;
}

/** The built-in starter directory, read and checked when this module is first imported (at start-up). */
export const EMERGENCY_NUMBERS: EmergencyFile = readEmergencyNumbers();
