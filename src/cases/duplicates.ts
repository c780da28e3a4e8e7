import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { officesWith } from '../platform/auth/auth-user.js';
import { ValidationError } from '../platform/http/errors.js';
import { can } from './cases.policy.js';
import { lookupTokens, type PersonContact, type PersonIdentity } from './cases.service.js';

export interface DuplicateCandidate {
  caseId: string;
  caseNumber: string;
  /** Which kinds of identifier matched (name, birthdate, document, phone). */
  matched: string[];
}

export interface DuplicateResult {
  /** Cases the user may read: shown with their number. */
  candidates: DuplicateCandidate[];
  /** Offices holding a possible match the user may not read: only the office, nothing of the case. */
  elsewhere: Array<{ officeId: string; officeName: string }>;
}

/**
 * The duplicate check before a case is opened: blind-index tokens of the new person against every case. Matches the
 * user may read come back as candidates; any other match only says which office to contact, so neither the case's
 * number, its details, nor how many cases matched is revealed.
 */
export async function findDuplicates(ctx: AppContext, user: AuthUser, identity: PersonIdentity, contact: PersonContact): Promise<DuplicateResult> {
  const tokens = await lookupTokens(ctx, identity, contact);
  if (tokens.length === 0) return { candidates: [], elsewhere: [] };
  const rows = await ctx.db
    .selectFrom('case_lookups')
    .innerJoin('cases', 'cases.id', 'case_lookups.case_id')
    .select(['cases.id', 'cases.case_number', 'cases.office_id', 'cases.owner_id', 'case_lookups.kind'])
    .where((eb) => eb.or(tokens.map((t) => eb.and([eb('case_lookups.kind', '=', t.kind), eb('case_lookups.token', '=', t.token)]))))
    .limit(500)
    .execute();
  const byCase = new Map<string, { row: (typeof rows)[number]; kinds: Set<string> }>();
  for (const r of rows) {
    const e = byCase.get(r.id) ?? { row: r, kinds: new Set<string>() };
    e.kinds.add(r.kind);
    byCase.set(r.id, e);
  }
  const candidates: DuplicateCandidate[] = [];
  const elsewhereIds = new Set<string>();
  for (const { row, kinds } of byCase.values()) {
    // A name alone is too common to call a match; a name with another identifier, or any document/phone/birth date + name is.
    const strong = kinds.has('document') || kinds.has('phone') || (kinds.has('name') && kinds.has('birthdate'));
    if (!strong && !(kinds.has('name') && kinds.size === 1)) continue;
    if (can(user, 'read', row)) candidates.push({ caseId: row.id, caseNumber: row.case_number, matched: [...kinds].sort() });
    else if (strong) elsewhereIds.add(row.office_id);
  }
  const offices = elsewhereIds.size
    ? await ctx.db
        .selectFrom('offices')
        .select(['id', 'name'])
        .where('id', 'in', [...elsewhereIds])
        .orderBy('name')
        .execute()
    : [];
  return {
    candidates: candidates.sort((a, b) => b.matched.length - a.matched.length).slice(0, 20),
    elsewhere: offices.map((o) => ({ officeId: o.id, officeName: o.name })),
  };
}

/** The office a new case opens in: the one asked for if the user works cases there, else their only one. */
export function officeForNewCase(user: AuthUser, requested?: string): string {
  const offices = officesWith(user, 'cases.work');
  if (requested) {
    if (offices === 'all' || offices.includes(requested)) return requested;
    throw new ValidationError({ officeId: 'errors.choice' });
  }
  if (offices !== 'all' && offices.length === 1) return offices[0] as string;
  throw new ValidationError({ officeId: 'errors.required' });
}
