import { recordAccess } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import { officesWith } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { ValidationError } from '../platform/http/errors.js';
import { officeSummaries } from '../offices/offices.repository.js';
import { can } from './cases.policy.js';
import { casesMatchingLookups } from './cases.repository.js';
import { lookupTokens } from './lookups.service.js';
import type { PersonContact, PersonIdentity } from './person.js';

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

/** The access-log action of a duplicate-check hint that pointed to another office's record. */
export const DUPLICATE_HINT_ACTION = 'cases.duplicate_hint';

/**
 * The duplicate check before a case is opened: blind-index tokens of the new person against every case. Matches the
 * user may read come back as candidates; any other match only says which office to contact, so neither the case's
 * number, its details, nor how many cases matched is revealed. Being told that another office holds a possible match
 * is a sight of that office's record: each such case gets an access-log row (who was told, which case).
 */
export async function findDuplicates(
  ctx: AppContext,
  { user, identity, contact }: { user: AuthUser; identity: PersonIdentity; contact: PersonContact },
): Promise<DuplicateResult> {
  const tokens = await lookupTokens(ctx, { identity, contact });
  if (tokens.length === 0) return { candidates: [], elsewhere: [] };
  const rows = await casesMatchingLookups(ctx.db, tokens);
  const byCase = new Map<string, { row: (typeof rows)[number]; kinds: Set<string> }>();
  for (const r of rows) {
    const e = byCase.get(r.id) ?? { row: r, kinds: new Set<string>() };
    e.kinds.add(r.kind);
    byCase.set(r.id, e);
  }
  const candidates: DuplicateCandidate[] = [];
  const hinted: Array<{ caseId: string; officeId: string }> = [];
  for (const { row, kinds } of byCase.values()) {
    // A name alone is too common to call a match; a name with another identifier, or any document/phone/birth date + name is.
    const strong = kinds.has('document') || kinds.has('phone') || (kinds.has('name') && kinds.has('birthdate'));
    if (!strong && !(kinds.has('name') && kinds.size === 1)) continue;
    if (can(user, 'read', row)) candidates.push({ caseId: row.id, caseNumber: row.case_number, matched: [...kinds].sort() });
    else if (strong) hinted.push({ caseId: row.id, officeId: row.office_id });
  }
  const officeIds = [...new Set(hinted.map((h) => h.officeId))];
  const offices = officeIds.length ? await officeSummaries(ctx.db, { ids: officeIds, orderBy: 'name' }) : [];
  for (const h of hinted) {
    await recordAccess(ctx.db, { officeId: h.officeId, actorId: user.id, action: DUPLICATE_HINT_ACTION, subjectType: 'case', subjectId: h.caseId });
  }
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
