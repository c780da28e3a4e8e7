import { createHash } from 'node:crypto';
import { type DuplicateResult, findDuplicates, insertNewCase, lookupTokens } from '../cases/index.js';
import { officeSummaries } from '../offices/offices.repository.js';
import { recordEvent } from '../platform/audit/audit.js';
import { type AuthUser, officesWith } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { BadRequestError, ForbiddenError, RuleError } from '../platform/http/errors.js';
import { type RowError, type RowInput, readRow } from './template.js';
import { readWorkbook } from './workbook.js';

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

async function officeFor(ctx: AppContext, user: AuthUser, officeId: string | undefined): Promise<ImportOffice> {
  const offices = await importOffices(ctx, user);
  if (offices.length === 0) throw new ForbiddenError();
  const office = officeId ? offices.find((o) => o.id === officeId) : offices.length === 1 ? offices[0] : undefined;
  if (!office) throw new BadRequestError('import.officeRequired');
  return office;
}

const digestOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function readAll(bytes: Buffer) {
  const sheet = await readWorkbook(bytes);
  const today = new Date();
  return sheet.rows.map((r) => readRow(r.row, r.cells, today));
}

/** Keys that make two rows of one file the same person: a document, a phone, or a name with a birth date. */
async function strongKeys(ctx: AppContext, input: RowInput): Promise<string[]> {
  const tokens = await lookupTokens(ctx, input.identity, input.contact);
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
export async function previewImport(ctx: AppContext, user: AuthUser, officeId: string | undefined, bytes: Buffer): Promise<PreviewModel> {
  const office = await officeFor(ctx, user, officeId);
  const results = await readAll(bytes);
  const errors: PreviewModel['errors'] = [];
  const duplicates: PreviewModel['duplicates'] = [];
  const seen = new Map<string, number>();
  let valid = 0;
  for (const r of results) {
    if (!r.ok) {
      for (const e of r.errors) errors.push({ row: r.row, ...e });
      continue;
    }
    valid++;
    const found: DuplicateResult = await findDuplicates(ctx, user, r.input.identity ?? {}, r.input.contact ?? {});
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
  return { officeId: office.id, officeName: office.name, digest: digestOf(bytes), rows: results.length, valid, errors, duplicates };
}

/**
 * The import: the same file as previewed (same digest), read again; refused as a whole while any row has an error,
 * so a file is imported entirely or not at all. Every case is opened by the cases service in ONE transaction
 * (sealed fields, blind indexes, case.opened audit event each), with one cases.imported event for the file.
 */
export async function importWorkbook(
  ctx: AppContext,
  user: AuthUser,
  officeId: string | undefined,
  bytes: Buffer,
  digest: string,
): Promise<{ count: number; officeName: string }> {
  const office = await officeFor(ctx, user, officeId);
  const actual = digestOf(bytes);
  if (actual !== digest) throw new BadRequestError('import.file.changed');
  const results = await readAll(bytes);
  const bad = results.filter((r) => !r.ok).length;
  if (bad) throw new RuleError('IMPORT_ROWS_INVALID', 'import.rowsInvalid', { count: bad });
  await inTransaction(ctx.db, async (tx) => {
    for (const r of results) if (r.ok) await insertNewCase(ctx, tx, user.id, { ...r.input, officeId: office.id, ownerId: null });
    await recordEvent(tx, {
      type: 'cases.imported',
      officeId: office.id,
      actorId: user.id,
      subjectType: 'office',
      subjectId: office.id,
      data: { count: results.length },
    });
  });
  return { count: results.length, officeName: office.name };
}
