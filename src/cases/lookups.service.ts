import type { AppContext } from '../platform/context.js';
import { normaliseDate, normaliseDocument, normaliseName, normalisePhone } from '../platform/crypto/normalise.js';
import type { Executor } from '../platform/db/database.js';
import { casesIdentityAfter, insertLookups, insertNameTokens, type LookupToken } from './cases.repository.js';
import { inTransaction } from '../platform/db/database.js';
import { identityKeyLabel } from './person.js';
import { nameQueryInputs, nameTokenInputs } from './name-search.js';
import type { PersonContact, PersonIdentity } from './person.js';

/** Blind-index tokens for duplicate detection: names (and aliases), birth date, documents, phones. */
export async function lookupTokens(
  ctx: AppContext,
  { identity, contact, db }: { identity?: PersonIdentity; contact?: PersonContact; db?: Executor } = {},
): Promise<LookupToken[]> {
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

/** The kind under which name-search tokens are keyed (apart from the exact-match "name" lookups). */
const NAME_SEARCH = 'name-search';

function personNames(identity?: PersonIdentity): string[] {
  return [identity?.firstName, identity?.middleName, identity?.lastName, ...(identity?.aliases ?? [])].filter((n): n is string => !!n);
}

/** Keyed tokens of the prefixes and phonetic keys of the person's names and aliases (cases/name-search.ts). */
export async function nameSearchTokens(ctx: AppContext, identity?: PersonIdentity, db?: Executor): Promise<string[]> {
  return Promise.all(nameTokenInputs(personNames(identity)).map((i) => ctx.keys.blindIndex(NAME_SEARCH, i, db)));
}

/** A name search: for each word, the tokens any of which must be on the case (null when nothing can be searched). */
export async function nameQueryTokens(ctx: AppContext, query: string): Promise<string[][] | null> {
  const words = nameQueryInputs(query);
  if (!words) return null;
  return Promise.all(words.map((alts) => Promise.all(alts.map((i) => ctx.keys.blindIndex(NAME_SEARCH, i)))));
}

/** Writes every blind index of the person on a case: the duplicate-check lookups and the name-search tokens. */
export async function indexPerson(
  ctx: AppContext,
  db: Executor,
  { c, identity, contact }: { c: { caseId: string; officeId: string }; identity?: PersonIdentity; contact?: PersonContact },
): Promise<void> {
  await insertLookups(db, { caseId: c.caseId, officeId: c.officeId, tokens: await lookupTokens(ctx, { identity, contact, db }) });
  await insertNameTokens(db, { caseId: c.caseId, officeId: c.officeId, tokens: await nameSearchTokens(ctx, identity, db) });
}

/**
 * Computes the name-search tokens of every case again (cases opened before the index existed, or after a change of
 * the normalisation): each identity is opened in memory, one batch at a time, and never logged. Returns how many
 * cases were indexed and how many could not be opened.
 */
export async function reindexNames(ctx: AppContext, batch = 500): Promise<{ indexed: number; unreadable: number }> {
  let after = '';
  let indexed = 0;
  let unreadable = 0;
  for (;;) {
    const rows = await casesIdentityAfter(ctx.db, after, batch);
    if (rows.length === 0) break;
    await inTransaction(ctx.db, async (tx) => {
      for (const r of rows) {
        let identity: PersonIdentity | undefined;
        try {
          identity = r.identity_enc ? await ctx.keys.decrypt<PersonIdentity>(r.identity_enc, identityKeyLabel(r.id)) : undefined;
        } catch {
          unreadable++;
          continue;
        }
        await insertNameTokens(tx, { caseId: r.id, officeId: r.office_id, tokens: await nameSearchTokens(ctx, identity, tx) });
        indexed++;
      }
    });
    after = rows[rows.length - 1]?.id ?? after;
  }
  return { indexed, unreadable };
}
