import type { FastifyInstance } from 'fastify';
import { assessmentPages } from './assessments.pages.js';
import { casesApi } from './cases.routes.js';
import { casePages } from './cases.pages.js';
import { childPages } from './children.pages.js';
import { consentPages } from './consent.pages.js';
import { exportPages } from './export.pages.js';
import { reminderPages } from './reminders.pages.js';
import { screeningPages } from './screening/screening.pages.js';
import { workPages } from './work.pages.js';

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
