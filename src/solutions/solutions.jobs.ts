import type { Job } from '../platform/jobs/scheduler.js';
import { remindLatePlans } from './reintegration.service.js';

/** Every six hours: reintegration plans that are late get their reminder raised, once each. */
export const lateReintegrationPlansJob: Job = {
  name: 'solutions.late-reintegration-plans',
  everyMs: 6 * 3_600_000,
  run: async (ctx) => `reminded ${await remindLatePlans(ctx)}`,
};
