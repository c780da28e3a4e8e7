import type { Static } from '@sinclair/typebox';
import { type AuthUser, hasPermission } from '../platform/auth/auth-user.js';
import { recordEvent } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { isCountry } from '../platform/countries.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import * as repo from './directory.repository.js';
import type { EntryBody } from './directory.schema.js';

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
  if (!isCountry(input.country)) throw new ValidationError({ country: 'errors.country' });
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

/** `tel:` link target: digits and a leading +, nothing else. */
export function telHref(phone: string): string {
  const trimmed = phone.trim();
  return `tel:${trimmed.startsWith('+') ? '+' : ''}${trimmed.replace(/\D+/g, '')}`;
}

export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
