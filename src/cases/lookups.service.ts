import type { AppContext } from '../platform/context.js';
import { normaliseDate, normaliseDocument, normaliseName, normalisePhone } from '../platform/crypto/normalise.js';
import type { Executor } from '../platform/db/database.js';
import type { LookupToken } from './cases.repository.js';
import type { PersonContact, PersonIdentity } from './person.js';

/** Blind-index tokens for duplicate detection: names (and aliases), birth date, documents, phones. */
export async function lookupTokens(ctx: AppContext, identity?: PersonIdentity, contact?: PersonContact, db?: Executor): Promise<LookupToken[]> {
  const tokens: LookupToken[] = [];
  const names = [[identity?.firstName, identity?.middleName, identity?.lastName].filter(Boolean).join(' '), ...(identity?.aliases ?? [])];
  for (const n of names) {
    const norm = normaliseName(n);
    if (norm) tokens.push({ kind: 'name', token: await ctx.keys.blindIndex('name', norm, db) });
  }
  const birth = normaliseDate(identity?.birthDate ?? '');
  if (birth) tokens.push({ kind: 'birthdate', token: await ctx.keys.blindIndex('birthdate', birth, db) });
  for (const d of identity?.documents ?? []) {
    const norm = normaliseDocument(d.number);
    if (norm) tokens.push({ kind: 'document', token: await ctx.keys.blindIndex('document', norm, db) });
  }
  for (const p of contact?.phones ?? []) {
    const norm = normalisePhone(p);
    if (norm.length >= 6) tokens.push({ kind: 'phone', token: await ctx.keys.blindIndex('phone', norm, db) });
  }
  return tokens;
}

/** Blind-index tokens for a person search on the work list: every given field must match (AND); null when one cannot. */
export async function searchTokens(
  ctx: AppContext,
  f: { name?: string; birthDate?: string; document?: string; phone?: string },
): Promise<LookupToken[] | null> {
  const out: LookupToken[] = [];
  const add = async (kind: string, norm: string) => out.push({ kind, token: await ctx.keys.blindIndex(kind, norm) });
  if (f.name) {
    const n = normaliseName(f.name);
    if (!n) return null;
    await add('name', n);
  }
  if (f.birthDate) await add('birthdate', normaliseDate(f.birthDate));
  if (f.document) {
    const d = normaliseDocument(f.document);
    if (!d) return null;
    await add('document', d);
  }
  if (f.phone) {
    const p = normalisePhone(f.phone);
    if (p.length < 6) return null;
    await add('phone', p);
  }
  return out;
}
