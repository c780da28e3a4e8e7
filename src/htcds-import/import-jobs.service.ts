import { randomUUID } from 'node:crypto';
import { recordEvent } from '../platform/audit/audit.js';
import { type AuthUser, toAuthUser } from '../platform/auth/auth-user.js';
import { findUserById, membershipsOf } from '../platform/auth/auth.repository.js';
import type { AppContext } from '../platform/context.js';
import { AppError, BadRequestError, NotFoundError } from '../platform/http/errors.js';
import type { MessageValues } from '../platform/i18n/i18n.js';
import { newId, nowIso } from '../platform/ids.js';
import { digestOf, importWorkbook, officeFor, type PreviewModel, type Progress, previewImport } from './import.service.js';
import * as repo from './import.repository.js';
import type { ImportJob } from './import.table.js';
import type { JobViewModel } from './import.views.js';
import { checkFile } from './workbook.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    /** An HTCDS import that did not happen (nothing was written): the job and the catalog key of the reason. */
    'cases.import_failed': { jobId: string; reason: string };
  }
}

/*
 * HTCDS previews and imports as background jobs. The upload's request checks what it can at once (the office, the
 * bytes, the digest), seals the workbook into an import_jobs row and answers with the job's page; the
 * `htcds-import.run` job (under the scheduler's lease) takes each waiting row with a conditional update of its own
 * lease, so one process runs it, records its progress as it reads, and ends it by emptying the sealed workbook in
 * the statement that stores the outcome. A process that stops mid-job leaves its lease to run out; the job is then
 * taken again from the start (an import's single transaction died with the process).
 */

/** A job's lease, renewed at every progress report. */
export const JOB_LEASE_MS = 120_000;

const fileLabel = (id: string) => `import_jobs.file:${id}`;
const resultLabel = (id: string) => `import_jobs.result:${id}`;
const leaseUntil = () => new Date(Date.now() + JOB_LEASE_MS).toISOString();

export interface JobFailure {
  key: string;
  values?: MessageValues | undefined;
}

/** What the job's page shows: its progress, and once it ended its outcome (for its starter only). */
export type ImportJobView = JobViewModel;

async function start(ctx: AppContext, user: AuthUser, kind: 'preview' | 'import', officeId: string, bytes: Buffer): Promise<string> {
  const id = newId();
  const blob = await ctx.keys.encryptBytes(officeId, bytes, fileLabel(id));
  await repo.insertJob(ctx.db, {
    id,
    office_id: officeId,
    user_id: user.id,
    kind,
    status: 'waiting',
    digest: digestOf(bytes),
    file_enc: blob.toString('base64'),
    rows_read: 0,
    rows_checked: 0,
    rows_imported: 0,
    result_enc: null,
    holder: null,
    lease_until: null,
    created_at: nowIso(),
    started_at: null,
    finished_at: null,
  });
  return id;
}

/** Queues the dry run of a workbook; a file that is plainly not one is refused at once. */
export async function startPreview(
  ctx: AppContext,
  { user, officeId, bytes }: { user: AuthUser; officeId: string | undefined; bytes: Buffer },
): Promise<string> {
  const office = await officeFor(ctx, user, officeId);
  checkFile(bytes).destroy();
  return start(ctx, user, 'preview', office.id, bytes);
}

/** Queues the import of the very workbook previewed (same digest). */
export async function startImport(
  ctx: AppContext,
  { user, officeId, bytes, digest }: { user: AuthUser; officeId: string | undefined; bytes: Buffer; digest: string },
): Promise<string> {
  const office = await officeFor(ctx, user, officeId);
  checkFile(bytes).destroy();
  if (digestOf(bytes) !== digest) throw new BadRequestError('import.file.changed');
  return start(ctx, user, 'import', office.id, bytes);
}

/** A job, for the user who started it (anyone else: not found). */
export async function importJobFor(ctx: AppContext, user: AuthUser, id: string): Promise<ImportJobView> {
  const job = await repo.findJob(ctx.db, id);
  if (!job || job.user_id !== user.id) throw new NotFoundError();
  const office = await officeFor(ctx, user, job.office_id);
  const view: ImportJobView = {
    id: job.id,
    kind: job.kind,
    status: job.status,
    officeName: office.name,
    progress: { read: job.rows_read, checked: job.rows_checked, imported: job.rows_imported },
  };
  if (job.result_enc && job.status === 'failed') view.failure = await ctx.keys.decrypt<JobFailure>(job.result_enc, resultLabel(job.id));
  else if (job.result_enc && job.kind === 'preview') view.preview = await ctx.keys.decrypt<PreviewModel>(job.result_enc, resultLabel(job.id));
  else if (job.result_enc) view.imported = (await ctx.keys.decrypt<{ count: number }>(job.result_enc, resultLabel(job.id))).count;
  return view;
}

async function starter(ctx: AppContext, userId: string): Promise<AuthUser | undefined> {
  const user = await findUserById(ctx.db, userId);
  if (!user?.active) return undefined;
  return toAuthUser(user, await membershipsOf(ctx.db, userId));
}

async function runOne(ctx: AppContext, job: ImportJob, holder: string): Promise<boolean> {
  const progress: Progress = { read: 0, checked: 0, imported: 0 };
  const onProgress = async (p: Progress) => {
    Object.assign(progress, p);
    await repo.updateProgress(ctx.db, {
      id: job.id,
      holder,
      progress: { rows_read: p.read, rows_checked: p.checked, rows_imported: p.imported, lease_until: leaseUntil() },
    });
  };
  const end = (status: 'done' | 'failed', result_enc: string) => ({
    status,
    result_enc,
    rows_read: progress.read,
    rows_checked: progress.checked,
    rows_imported: status === 'done' ? progress.imported : 0,
  });
  try {
    const user = await starter(ctx, job.user_id);
    if (!user || !job.file_enc) throw new BadRequestError('import.job.gone');
    const bytes = await ctx.keys.decryptBytes(Buffer.from(job.file_enc, 'base64'), fileLabel(job.id));
    if (job.kind === 'preview') {
      const model = await previewImport(ctx, { user, officeId: job.office_id, bytes, onProgress });
      await repo.finishJob(ctx.db, job.id, end('done', await ctx.keys.encrypt(job.office_id, model, { aad: resultLabel(job.id) })));
    } else {
      await importWorkbook(ctx, {
        user,
        officeId: job.office_id,
        bytes,
        digest: job.digest,
        options: {
          onProgress,
          // Done in the import's own transaction: the job says "done" exactly when the cases exist.
          inTransaction: async (tx, count) => {
            progress.imported = count;
            await repo.finishJob(tx, job.id, end('done', await ctx.keys.encrypt(job.office_id, { count }, { aad: resultLabel(job.id), db: tx })));
          },
        },
      });
    }
    return true;
  } catch (e) {
    const failure: JobFailure = e instanceof AppError && e.status < 500 ? { key: e.messageKey, values: e.values } : { key: 'import.job.failed' };
    if (!(e instanceof AppError)) ctx.log.error({ err: e, importJobId: job.id }, 'import job failed');
    await repo.finishJob(ctx.db, job.id, end('failed', await ctx.keys.encrypt(job.office_id, failure, { aad: resultLabel(job.id) })));
    if (job.kind === 'import')
      await recordEvent(ctx.db, {
        type: 'cases.import_failed',
        officeId: job.office_id,
        actorId: job.user_id,
        subjectType: 'office',
        subjectId: job.office_id,
        data: { jobId: job.id, reason: failure.key },
      });
    return false;
  }
}

/** Runs the waiting jobs (and those whose process stopped), each taken by one process only. */
export async function runImportJobs(ctx: AppContext, holder: string = randomUUID()): Promise<string> {
  let ran = 0;
  let failed = 0;
  for (const id of await repo.runnableJobIds(ctx.db, 10)) {
    if (!(await repo.claimJob(ctx.db, { id, holder, until: leaseUntil() }))) continue;
    const job = await repo.findJob(ctx.db, id);
    if (!job) continue;
    ran++;
    if (!(await runOne(ctx, job, holder))) failed++;
  }
  return ran === 0 ? 'nothing to do' : `${ran} run, ${failed} failed`;
}
