import type { Static } from '@sinclair/typebox';
import { type AuthUser, hasPermission } from '../platform/auth/auth-user.js';
import { recordEvent } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { countryName, isCurrentCountry } from '../platform/countries.js';
import { type Executor, inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { isId, newId, nowIso } from '../platform/ids.js';
import { EMERGENCY_NUMBERS, type EmergencyNumber } from '../data/emergency-numbers.js';
import { listOffices } from '../offices/offices.repository.js';
import * as repo from './directory.repository.js';
import type { EntryBody } from './directory.schema.js';
import type { DirectoryEntry } from './directory.table.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'directory.created': { country: string };
    'directory.updated': { country: string; active: boolean };
  }
}

export type EntryInput = Static<typeof EntryBody>;

export function can(user: AuthUser): boolean {
  return hasPermission(user, 'directory.manage');
}

function row(input: EntryInput) {
  if (!isCurrentCountry(input.country)) throw new ValidationError({ country: 'errors.country' });
  return {
    country: input.country,
    kind: input.kind,
    name: input.name,
    services: input.services,
    phone: input.phone ?? null,
    hours: input.hours ?? null,
    languages: JSON.stringify(input.languages),
    website: input.website ?? null,
  };
}

export async function createEntry(ctx: AppContext, user: AuthUser | null, input: EntryInput): Promise<string> {
  if (user && !can(user)) throw new ForbiddenError();
  const id = newId();
  const now = nowIso();
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertEntry(tx, { id, office_id: null, ...row(input), active: input.active === '1' ? 1 : 0, created_at: now, updated_at: now });
    await recordEvent(tx, { type: 'directory.created', actorId: user?.id ?? null, subjectType: 'directory_entry', subjectId: id, data: { country: input.country } });
  });
  return id;
}

export async function updateEntry(ctx: AppContext, { user, id, input }: { user: AuthUser; id: string; input: EntryInput }): Promise<void> {
  if (!can(user)) throw new ForbiddenError();
  const existing = await repo.findEntry(ctx.db, id);
  if (!existing) throw new ValidationError({ name: 'errors.notFound' });
  await inTransaction(ctx.db, async (tx) => {
    const active = input.active === '1';
    const ok = await repo.updateEntry(tx, {
      id,
      version: input.version ?? existing.version,
      changes: { ...row(input), active: active ? 1 : 0, updated_at: nowIso() },
    });
    if (!ok) throw new StaleVersionError();
    await recordEvent(tx, { type: 'directory.updated', actorId: user.id, subjectType: 'directory_entry', subjectId: id, data: { country: input.country, active } });
  });
}

/** The starter numbers of one country (src/data/emergency-numbers.json), none when the file has none for it. */
export function starterNumbers(country: string): EmergencyNumber[] {
  return EMERGENCY_NUMBERS.countries[country] ?? [];
}

/** The countries the starter directory knows, for lists of countries a visitor may pick from. */
export function starterCountries(): string[] {
  return Object.keys(EMERGENCY_NUMBERS.countries);
}

export interface StarterGroup {
  country: string;
  numbers: EmergencyNumber[];
}

/**
 * The public directory in a language: the countries that have entries or starter numbers (by name), the active
 * entries, and the starter numbers (to verify) of each country shown that the office has not entered itself: the
 * chosen country, else the offices' countries. The international numbers are always there, for a country with none.
 */
export async function publicDirectory(db: Executor, opts: { locale: string; country: string | undefined }) {
  const withEntries = await repo.countriesWithEntries(db);
  const all = new Set([...withEntries, ...starterCountries()]);
  const countries = [...all]
    .filter((c) => isCurrentCountry(c))
    .map((c) => ({ value: c, label: countryName(c, opts.locale) }))
    .sort((a, b) => a.label.localeCompare(b.label, opts.locale));
  const entries = await repo.listActive(db, opts.country);
  const shown = opts.country ? [opts.country] : [...new Set((await listOffices(db)).filter((o) => o.active).map((o) => o.country))];
  const covered = new Set(entries.map((e) => e.country));
  const starter: StarterGroup[] = shown
    .filter((c) => !covered.has(c))
    .map((c) => ({ country: c, numbers: starterNumbers(c) }))
    .filter((g) => g.numbers.length > 0);
  return { countries, entries, starter, international: EMERGENCY_NUMBERS.international };
}

/** Every entry, hidden ones included, for the people who keep the directory. */
export function allEntries(db: Executor): Promise<DirectoryEntry[]> {
  return repo.listAll(db);
}

/** The entry with this id, or not found (an id that is not one is not found either). */
export async function findEntryOrFail(db: Executor, id: string): Promise<DirectoryEntry> {
  const entry = isId(id) ? await repo.findEntry(db, id) : undefined;
  if (!entry) throw new NotFoundError();
  return entry;
}

/** Whether the directory holds any entry at all, active or not (the demo seeds an empty one only). */
export function hasEntries(db: Executor): Promise<boolean> {
  return repo.hasAnyEntry(db);
}
