import type { Feature } from '../platform/features/feature.js';
import { anchorAuditCommand } from '../platform/audit/anchors.cli.js';
import { AUDIT_ANCHOR_JOB } from '../platform/audit/anchors.js';
import { THROTTLE_PURGE_JOB } from '../platform/http/throttles.jobs.js';
import { adminRoutes } from './admin.routes.js';
import { jobsAdminRoutes } from './jobs.routes.js';

/** Users, offices and organisations, for administrators. */
export const adminFeature: Feature = {
  name: 'admin',
  routes: [adminRoutes, jobsAdminRoutes],
  // Audit anchors are the administrators' evidence that the trail was not cut or rolled back (SECURITY.md).
  // The shared throttles and sign-in delays (SCALING.md): ended windows and forgotten clients are dropped.
  jobs: [AUDIT_ANCHOR_JOB, THROTTLE_PURGE_JOB],
  cli: [anchorAuditCommand],
  nav: [{ href: '/staff/admin', labelKey: 'nav.admin', order: 30, permission: 'admin.manage' }],
};
