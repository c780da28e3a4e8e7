import { type AuthUser, hasPermission, officesWith } from '../platform/auth/auth-user.js';
import { canOnCase as canCase } from '../cases/index.js';
import type { CaseRow } from '../cases/cases.table.js';

/**
 * Who sees what of a case's durable solution. The office that owns the case works it under the case policy.
 * Another office sees only through a share, limited by scope and time:
 * - `risk`: the origin office taking part in the joint pre-return risk assessment (the risk matrix only,
 *   never the person's identity or wishes) — the origin office does not see the case before accepting it;
 * - `outcome`: the sending office after a hand-over: the decision, the return and hand-over status, the
 *   reintegration plan's dates and the survey scores — not the person's words, objectives or answers.
 */
export const SHARE_SCOPES = ['risk', 'outcome'] as const;
export type ShareScope = (typeof SHARE_SCOPES)[number];

export type SolutionAccess =
  | { kind: 'owner'; edit: boolean; decide: boolean; close: boolean }
  | { kind: 'share'; scopes: ReadonlySet<ShareScope>; officeIds: string[] };

/** What a user does to a durable solution; what they may see of it is viewScope's. */
export type SolutionAction = 'edit' | 'decide' | 'close' | 'assess-risk';

/** Offices where the user works cases (case worker or supervisor): the offices a share can reach them through. */
export function workingOffices(user: AuthUser): string[] | 'all' {
  const work = officesWith(user, 'cases.work');
  const sup = officesWith(user, 'cases.supervise');
  if (work === 'all' || sup === 'all') return 'all';
  return [...new Set([...work, ...sup])];
}

export function ownerAccess(user: AuthUser, record: Pick<CaseRow, 'office_id' | 'owner_id'>): SolutionAccess | undefined {
  if (!canCase(user, 'read', record)) return undefined;
  return { kind: 'owner', edit: canCase(user, 'edit', record), decide: canCase(user, 'decide', record), close: canCase(user, 'close', record) };
}

export function can(access: SolutionAccess | undefined, action: SolutionAction): boolean {
  if (!access) return false;
  if (access.kind === 'owner') {
    switch (action) {
      case 'edit':
      case 'assess-risk':
        return access.edit;
      case 'decide':
        return access.decide;
      case 'close':
        return access.close;
    }
  }
  // Through a share, the only change is the origin office's side of the joint risk assessment.
  return action === 'assess-risk' && access.scopes.has('risk');
}

/**
 * The share-scope rule, once: what of a durable solution this access may see. `personal` is the person's words,
 * options, consents, steps and plan objectives (the owning office only); `risk` the joint risk matrix; `outcome`
 * the decision's outcome, the plan's dates and the survey scores.
 */
export interface ViewScope {
  personal: boolean;
  risk: boolean;
  outcome: boolean;
}

export function viewScope(access: SolutionAccess): ViewScope {
  if (access.kind === 'owner') return { personal: true, risk: true, outcome: true };
  return { personal: false, risk: access.scopes.has('risk'), outcome: access.scopes.has('outcome') };
}

/** Accepting or declining a hand-over: a supervisor of the receiving office. */
export function canReceive(user: AuthUser, toOfficeId: string): boolean {
  return hasPermission(user, 'cases.supervise', toOfficeId);
}

/** Changing the survey's items, weights and bands for an office: its supervisors. */
export function canConfigureSurvey(user: AuthUser, officeId: string): boolean {
  return hasPermission(user, 'cases.supervise', officeId);
}
