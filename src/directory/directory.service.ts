import type { Static } from '@sinclair/typebox';
import { type AuthUser, hasPermission } from '../platform/auth/auth-user.js';
import { recordEvent } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { countryName, isCurrentCountry } from '../platform/countries.js';
import { type Executor, inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { isId, newId, nowIso } from '../platform/ids.js';
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

export async function updateEntry(ctx: AppContext, user: AuthUser, id: string, input: EntryInput): Promise<void> {
  if (!can(user)) throw new ForbiddenError();
  const existing = await repo.findEntry(ctx.db, id);
  if (!existing) throw new ValidationError({ name: 'errors.notFound' });
  await inTransaction(ctx.db, async (tx) => {
    const active = input.active === '1';
    const ok = await repo.updateEntry(tx, id, input.version ?? existing.version, { ...row(input), active: active ? 1 : 0, updated_at: nowIso() });
    if (!ok) throw new StaleVersionError();
    await recordEvent(tx, { type: 'directory.updated', actorId: user.id, subjectType: 'directory_entry', subjectId: id, data: { country: input.country, active } });
  });
}

/** The public directory in a language: the countries that have entries (by name) and the active entries shown. */
export async function publicDirectory(db: Executor, opts: { locale: string; country: string | undefined }) {
  const countries = (await repo.countriesWithEntries(db)).map((c) => ({ value: c, label: countryName(c, opts.locale) })).sort((a, b) => a.label.localeCompare(b.label, opts.locale));
  return { countries, entries: await repo.listActive(db, opts.country) };
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
