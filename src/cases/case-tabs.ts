import type { AuthUser } from '../platform/auth/auth-user.js';
import type { CaseRow } from './cases.table.js';

/**
 * The sections of a case page, each a route under /staff/cases/:id/<slug>. Features add theirs
 * (screening, plan, referrals, solutions...), so the case page links to everything without knowing it.
 */
export interface CaseTab {
  slug: string;
  labelKey: string;
  order: number;
  visible?: (user: AuthUser, record: CaseRow) => boolean;
}

export const CASE_TABS: CaseTab[] = [
  { slug: '', labelKey: 'cases.tabs.overview', order: 0 },
  { slug: 'plan', labelKey: 'plans.tab', order: 50 },
  { slug: 'referrals', labelKey: 'referrals.tab', order: 60 },
  { slug: 'solution', labelKey: 'solutions.tabs.solution', order: 70 },
  { slug: 'reintegration', labelKey: 'solutions.tabs.reintegration', order: 75 },
];

export function caseTabs(user: AuthUser, record: CaseRow): CaseTab[] {
  return CASE_TABS.filter((t) => !t.visible || t.visible(user, record)).sort((a, b) => a.order - b.order);
}
