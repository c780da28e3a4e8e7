import type { FastifyInstance } from 'fastify';
import { assessmentRoutes } from './assessments.routes.js';
import { caseListRoutes } from './caselist.routes.js';
import { casesApi } from './cases-api.routes.js';
import { childrenApi } from './children-api.routes.js';
import { childRoutes } from './children.routes.js';
import { closureRoutes } from './closure.routes.js';
import { consentRoutes } from './consent.routes.js';
import { exportRoutes } from './export.routes.js';
import { noteRoutes } from './notes.routes.js';
import { recordRoutes } from './record.routes.js';
import { reminderRoutes } from './reminders.routes.js';
import { screeningRoutes } from './screening/screening.routes.js';

/** Every page and API route of case management, registered from the feature's manifest. */
export async function casesPlugin(app: FastifyInstance): Promise<void> {
  await app.register(caseListRoutes);
  await app.register(recordRoutes);
  await app.register(reminderRoutes);
  await app.register(consentRoutes);
  await app.register(screeningRoutes);
  await app.register(childRoutes);
  await app.register(assessmentRoutes);
  await app.register(noteRoutes);
  await app.register(closureRoutes);
  await app.register(exportRoutes);
  await app.register(casesApi);
  await app.register(childrenApi);
}
