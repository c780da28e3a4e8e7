/** The roles of ARCHITECTURE.md "Who uses it", and what each may do. Scope (which office) is separate. */
export const ROLES = ['administrator', 'supervisor', 'case_worker', 'triage_operator', 'partner', 'analyst', 'editor'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** Users, offices, organisations, settings, keys. */
  'admin.manage': ['administrator'],
  /** Public pages and their translations. */
  'content.edit': ['editor', 'administrator'],
  'comments.moderate': ['editor'],
  /** Help directory of hotlines and organisations. */
  'directory.manage': ['administrator', 'editor'],
  'reports.triage': ['triage_operator', 'supervisor'],
  'cases.work': ['case_worker', 'supervisor'],
  /** Approve decisions: trafficking status, return, closure, best-interests determination; assign work. */
  'cases.supervise': ['supervisor'],
  /** See the person's name and age in case lists and headers, and search cases by name (within their scope). */
  'cases.names': ['case_worker', 'supervisor'],
  /** Export the case list to a spreadsheet (audited). */
  'cases.export': ['supervisor'],
  /** Bring an office's existing cases in from the HTCDS Excel template (issue 19): supervisors and administrators. */
  'cases.import': ['supervisor', 'administrator'],
  /** Act without a consent, with a written reason (audited). */
  'consent.override': ['supervisor'],
  /**
   * Legal status, proceedings, compensation and non-punishment on the cases one may already edit (justice feature).
   * By default the people who accompany victims through them: case workers and supervisors. Triage operators,
   * analysts (aggregates only), editors and partners (only what a legal-aid referral grants) do not hold it.
   */
  'justice.proceedings': ['case_worker', 'supervisor'],
  'referrals.respond': ['partner'],
  'stats.view': ['analyst', 'supervisor'],
  'ctdc.exchange': ['analyst'],
  'partners.manage': ['administrator', 'supervisor'],
  'training.manage': ['administrator', 'supervisor'],
  /** An office's time limits: untriaged and urgent reports, pending referrals (issue 17, clocks). */
  'notifications.clocks': ['administrator', 'supervisor'],
  'training.library': ['administrator', 'supervisor', 'case_worker', 'triage_operator', 'partner', 'editor', 'analyst'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Roles that can see personal data need a second factor. Every staff role can reach some: all of them. */
export function roleRequiresMfa(_role: Role): boolean {
  return true;
}

/** Partners are scoped by organisation; every other role by office (administrators may be global). */
export function roleScope(role: Role): 'office' | 'organisation' {
  return role === 'partner' ? 'organisation' : 'office';
}
