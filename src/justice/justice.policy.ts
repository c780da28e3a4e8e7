import { type AuthUser, hasPermission } from '../platform/auth/auth-user.js';
import { canOnCase } from '../cases/index.js';
import type { CaseRow } from '../cases/cases.table.js';

/**
 * Justice on a case is part of the case, for the people who handle proceedings: whoever may read (edit) the case and
 * holds `justice.proceedings` in its office reads (edits) its legal status, proceedings and claims. Partners never
 * reach them (they hold no case access; a legal-aid referral grants them only the referral's own fields).
 */
export function canJustice(user: AuthUser, action: 'read' | 'edit', record: Pick<CaseRow, 'office_id' | 'owner_id'>): boolean {
  return hasPermission(user, 'justice.proceedings', record.office_id) && canOnCase(user, action, record);
}

/** Configuring the office's kinds of status: its supervisors. */
export function canConfigureKinds(user: AuthUser, officeId: string): boolean {
  return hasPermission(user, 'justice.proceedings', officeId) && hasPermission(user, 'cases.supervise', officeId);
}
