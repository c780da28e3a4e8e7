import { createHash } from 'node:crypto';
import { type DuplicateResult, findDuplicates, insertNewCase, lookupTokens } from '../cases/index.js';
import { officeSummaries } from '../offices/offices.repository.js';
import { recordEvent } from '../platform/audit/audit.js';
import { type AuthUser, officesWith } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction, isPostgres, type Tx } from '../platform/db/database.js';
import { BadRequestError, ForbiddenError, RuleError } from '../platform/http/errors.js';
import { type RowError, type RowInput, type RowResult, readRow } from './template.js';
import { openWorkbook } from './workbook.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    /** An HTCDS workbook imported: how many cases, never what they hold (each case has its own case.opened). */
    'cases.imported': { count: number };
  }
}

export interface ImportOffice {
  id: string;
  name: string;
}

export interface PreviewModel {
  officeId: string;
  officeName: string;
  /** sha256 of the previewed file: the import must be given the very same bytes. */
  digest: string;
  rows: number;
  valid: number;
  errors: Array<RowError & { row: number }>;
  duplicates: Array<{ row: number; candidates: string[]; elsewhere: string[]; inFile: number[] }>;
}

/** The offices the user may import cases into: those where they hold cases.import. */
export async function importOffices(ctx: AppContext, user: AuthUser): Promise<ImportOffice[]> {
  const ids = officesWith(user, 'cases.import');
  if (ids !== 'all' && ids.length === 0) return [];
  return (await officeSummaries(ctx.db, { ids, activeOnly: true, orderBy: 'name' })).map((o) => ({ id: o.id, name: o.name }));
}

export async function officeFor(ctx: AppContext, user: AuthUser, officeId: string | undefined): Promise<ImportOffice> {
  const offices = await importOffices(ctx, user);
  if (offices.length === 0) throw new ForbiddenError();
  const office = officeId ? offices.find((o) => o.id === officeId) : offices.length === 1 ? offices[0] : undefined;
  if (!office) throw new BadRequestError('import.officeRequired');
  return office;
}

export const digestOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** How far a preview or an import got: rows read from the sheet, checked against the template, imported. */
export interface Progress {
  read: number;
  checked: number;
  imported: number;
}
export type OnProgress = (p: Progress) => Promise<void>;
/** Progress is told every this many rows (and at the end). */
export const PROGRESS_EVERY = 100;
const silently: OnProgress = async () => {};

/** Every row of the workbook read against the template, one at a time (the sheet is streamed, never held whole). */
async function* readRows(bytes: Buffer): AsyncGenerator<RowResult> {
  const sheet = await openWorkbook(bytes);
  const today = new Date();
  for await (const r of sheet.rows) yield readRow(r.row, r.cells, today);
}

/** Keys that make two rows of one file the same person: a document, a phone, or a name with a birth date. */
async function strongKeys(ctx: AppContext, input: RowInput): Promise<string[]> {
  const tokens = await lookupTokens(ctx, { identity: input.identity, contact: input.contact });
  const strong = tokens.filter((t) => t.kind === 'document' || t.kind === 'phone').map((t) => `${t.kind}:${t.token}`);
  const birth = tokens.find((t) => t.kind === 'birthdate');
  if (birth) for (const n of tokens.filter((t) => t.kind === 'name')) strong.push(`name+birth:${n.token}:${birth.token}`);
  return strong;
}

/**
 * The dry run: every row read against the template, every problem with its row and HTCDS field, and for each valid
 * row the duplicate check a case worker would see (cases the user may read by number, other offices by name only)
 * and the rows of the same file that look like the same person. Nothing is written but the duplicate check's own
 * access-log rows.
 */
export async function previewImport(
  ctx: AppContext,
  { user, officeId, bytes, onProgress = silently }: { user: AuthUser; officeId: string | undefined; bytes: Buffer; onProgress?: OnProgress },
): Promise<PreviewModel> {
  const office = await officeFor(ctx, user, officeId);
  const errors: PreviewModel['errors'] = [];
  const duplicates: PreviewModel['duplicates'] = [];
  const seen = new Map<string, number>();
  const p: Progress = { read: 0, checked: 0, imported: 0 };
  let valid = 0;
  for await (const r of readRows(bytes)) {
    p.read++;
    if (!r.ok) {
      for (const e of r.errors) errors.push({ row: r.row, ...e });
    } else {
      valid++;
      const found: DuplicateResult = await findDuplicates(ctx, { user, identity: r.input.identity ?? {}, contact: r.input.contact ?? {} });
      const inFile = new Set<number>();
      for (const k of await strongKeys(ctx, r.input)) {
        const other = seen.get(k);
        if (other !== undefined) inFile.add(other);
        else seen.set(k, r.row);
      }
      if (found.candidates.length || found.elsewhere.length || inFile.size)
        duplicates.push({
          row: r.row,
          candidates: found.candidates.map((c) => c.caseNumber),
          elsewhere: found.elsewhere.map((o) => o.officeName),
          inFile: [...inFile].sort((a, b) => a - b),
        });
    }
    p.checked++;
    if (p.read % PROGRESS_EVERY === 0) await onProgress(p);
  }
  await onProgress(p);
  return { officeId: office.id, officeName: office.name, digest: digestOf(bytes), rows: p.read, valid, errors, duplicates };
}

/**
 * The import: the same file as previewed (same digest), read twice as a stream. The first pass checks every row and
 * refuses the file as a whole while any row has an error; the second opens every case through the cases service in
 * ONE transaction (sealed fields, blind indexes, case.opened audit event each), with one cases.imported event for
 * the file, so it is imported entirely or not at all. `inTransaction` runs last in that transaction (the job marks
 * itself done there). Progress of the second pass is told as it goes on PostgreSQL (another connection, committed
 * at once); SQLite has one connection, held by the transaction, so there it is told once, with the commit.
 */
export async function importWorkbook(
  ctx: AppContext,
  {
    user,
    officeId,
    bytes,
    digest,
    options = {},
  }: {
    user: AuthUser;
    officeId: string | undefined;
    bytes: Buffer;
    digest: string;
    options?: { onProgress?: OnProgress; inTransaction?: (tx: Tx, count: number) => Promise<void> };
  },
): Promise<{ count: number; officeName: string }> {
  const onProgress = options.onProgress ?? silently;
  const office = await officeFor(ctx, user, officeId);
  if (digestOf(bytes) !== digest) throw new BadRequestError('import.file.changed');
  const p: Progress = { read: 0, checked: 0, imported: 0 };
  let bad = 0;
  for await (const r of readRows(bytes)) {
    p.read++;
    p.checked++;
    if (!r.ok) bad++;
    if (p.read % PROGRESS_EVERY === 0) await onProgress(p);
  }
  await onProgress(p);
  if (bad) throw new RuleError('IMPORT_ROWS_INVALID', 'import.rowsInvalid', { count: bad });
  const live = isPostgres(ctx.db);
  await inTransaction(ctx.db, async (tx) => {
    for await (const r of readRows(bytes)) {
      if (!r.ok) throw new RuleError('IMPORT_ROWS_INVALID', 'import.rowsInvalid', { count: 1 });
      await insertNewCase(ctx, tx, { actorId: user.id, input: { ...r.input, officeId: office.id, ownerId: null } });
      p.imported++;
      if (live && p.imported % PROGRESS_EVERY === 0) await onProgress(p);
    }
    await recordEvent(tx, {
      type: 'cases.imported',
      officeId: office.id,
      actorId: user.id,
      subjectType: 'office',
      subjectId: office.id,
      data: { count: p.imported },
    });
    if (options.inTransaction) await options.inTransaction(tx, p.imported);
  });
  return { count: p.imported, officeName: office.name };
}
