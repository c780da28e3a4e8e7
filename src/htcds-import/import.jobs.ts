import type { Job } from '../platform/jobs/scheduler.js';
import { runImportJobs } from './import-jobs.service.js';

/**
 * Runs the previews and imports waiting in import_jobs (the upload's request also starts them at once in its own
 * process; each job's lease keeps it to one run whichever process gets there first).
 */
export const importJobs: Job[] = [{ name: 'htcds-import.run', everyMs: 5_000, run: (ctx) => runImportJobs(ctx) }];
