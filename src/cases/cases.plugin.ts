import type { FastifyInstance } from 'fastify';
import { casePages } from './cases.pages.js';
import { reminderPages } from './reminders.pages.js';

/** Every page and API route of case management, registered from app.ts with one line. */
export async function casesPlugin(app: FastifyInstance): Promise<void> {
  await app.register(casePages);
  await app.register(reminderPages);
}
