import type { AuthUser } from '../platform/auth/auth-user.js';
import type { CaseTab, CaseTabRecord } from '../platform/features/feature.js';

const isClosed = (status: string) => status === 'Closed' || status === 'ClosedReferred';

/** The case page's own sections; plan, referrals and solutions declare theirs in their manifests. */
export const CASES_TABS: CaseTab[] = [
  { slug: '', labelKey: 'cases.tabs.overview', order: 0 },
  { slug: 'consent', labelKey: 'cases.tabs.consent', order: 10 },
  { slug: 'screening', labelKey: 'cases.tabs.screening', order: 20 },
  { slug: 'assessments', labelKey: 'cases.tabs.assessments', order: 30 },
  { slug: 'child', labelKey: 'cases.tabs.child', order: 35, visible: (_u, r) => r.is_child === 1 },
  { slug: 'notes', labelKey: 'cases.tabs.notes', order: 80 },
  { slug: 'files', labelKey: 'cases.tabs.files', order: 82 },
  { slug: 'history', labelKey: 'cases.tabs.history', order: 85 },
  { slug: 'export', labelKey: 'cases.tabs.export', order: 88 },
  { slug: 'close', labelKey: 'cases.tabs.close', order: 90, visible: (_u, r) => !isClosed(r.cas_status) },
  { slug: 'close', labelKey: 'cases.tabs.reopen', order: 90, visible: (_u, r) => isClosed(r.cas_status) },
];

/** The tabs this user sees on this case, from every feature's manifest (already sorted by app.ts). */
export function caseTabs(tabs: readonly CaseTab[], user: AuthUser, record: CaseTabRecord): CaseTab[] {
  return tabs.filter((t) => !t.visible || t.visible(user, record));
}
