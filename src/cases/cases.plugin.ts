import type { FastifyInstance } from 'fastify';
import { assessmentPages } from './assessments.pages.js';
import { CASE_TABS } from './case-tabs.js';
import { casesApi } from './cases.routes.js';
import { casePages } from './cases.pages.js';
import { childPages } from './children.pages.js';
import { consentPages } from './consent.pages.js';
import { exportPages } from './export.pages.js';
import { reminderPages } from './reminders.pages.js';
import { screeningPages } from './screening/screening.pages.js';
import { workPages } from './work.pages.js';

const isClosed = (status: string) => status === 'Closed' || status === 'ClosedReferred';

// The case page's sections from this module; other features add theirs (plan, referrals, solutions) in between.
if (!CASE_TABS.some((t) => t.slug === 'consent')) {
  CASE_TABS.push(
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
  );
}

/** Every page and API route of case management, registered from app.ts with one line. */
export async function casesPlugin(app: FastifyInstance): Promise<void> {
  await app.register(casePages);
  await app.register(reminderPages);
  await app.register(consentPages);
  await app.register(screeningPages);
  await app.register(childPages);
  await app.register(assessmentPages);
  await app.register(workPages);
  await app.register(exportPages);
  await app.register(casesApi);
}
