import type { AuthUser } from '../platform/auth/auth-user.js';
import { recordEvent } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { AppError, NotFoundError } from '../platform/http/errors.js';
import { isId } from '../platform/ids.js';
import type { CtdcSource } from './ctdc/reader.js';
import { type ImportResult, importCtdcFile } from './ctdc/import.js';
import { FLAG_GROUPS, type FlagColumn, type TextColumn } from './ctdc/variables.js';
import { authorise } from './stats.policy.js';
import * as repo from './stats.repository.js';
import type { CtdcDataset } from './stats.table.js';
import { DEFAULT_THRESHOLD, type Shown, protectDistribution, protectIndependentCounts } from './suppression.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'ctdc.deleted': { datasetId: string; format: string };
  }
}

/** The variables shown for a reference data set, in page order; each appears only if the file has it. */
export const REFERENCE_VARIABLES: ReadonlyArray<{ key: string; column: TextColumn; ordinal?: boolean } | { key: string; group: readonly FlagColumn[] }> = [
  { key: 'year', column: 'year_label', ordinal: true },
  { key: 'datasource', column: 'datasource' },
  { key: 'gender', column: 'gender' },
  { key: 'ageBand', column: 'age_band', ordinal: true },
  { key: 'majorityStatus', column: 'majority_status' },
  { key: 'citizenship', column: 'citizenship' },
  { key: 'citizenshipRegion', column: 'citizenship_region' },
  { key: 'exploitationCountry', column: 'exploitation_country' },
  { key: 'exploitationRegion', column: 'exploitation_region' },
  { key: 'traffickMonths', column: 'traffick_months', ordinal: true },
  { key: 'exploitation', group: FLAG_GROUPS.exploitation as readonly FlagColumn[] },
  // "Not specified" is the absence of the others, not one of them: it stays out of a group and of its denominator.
  { key: 'means', group: (FLAG_GROUPS.means as readonly FlagColumn[]).filter((c) => c !== 'means_not_specified') },
  { key: 'means2024', group: FLAG_GROUPS.means2024 as readonly FlagColumn[] },
  { key: 'labour', group: (FLAG_GROUPS.labour as readonly FlagColumn[]).filter((c) => c !== 'labour_not_specified') },
  { key: 'sex', group: FLAG_GROUPS.sex as readonly FlagColumn[] },
  { key: 'recruiter', group: FLAG_GROUPS.recruiter as readonly FlagColumn[] },
  { key: 'perpetratorRole', group: FLAG_GROUPS.perpetratorRole as readonly FlagColumn[] },
  { key: 'perpetratorGender', column: 'ip_gender' },
  { key: 'perpetratorAge', column: 'ip_age_band', ordinal: true },
  { key: 'perpetratorRegion', column: 'ip_citizen_region' },
  { key: 'perpetratorRelation', column: 'ip_relation' },
  { key: 'perpetratorPaid', column: 'ip_pay_money' },
];

const AGE_ORDER = ['0--8', '9--17', '0--17', '18--20', '21--23', '24--26', '27--29', '18--29', '0--29', '30--38', '39--47', '30--47', '48+'];

/** One block of figures: counts already protected, so hidden values never reach a page or a download. */
export interface FigureBlock {
  key: string;
  kind: 'distribution' | 'flags';
  /** value: the CTDC value (null: not recorded) or, for flags, the flag column. */
  rows: Array<{ value: string | null; count: Shown }>;
  /** Distribution: all records. Flags: records with at least one flag of the group (CTDC's denominator). */
  total: Shown;
}

function ordinalKey(v: string): number {
  const age = AGE_ORDER.indexOf(v.split(';')[0] ?? v);
  if (age >= 0) return age;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}

/** Imported data sets never change, so their protected figures are kept (per data set and threshold) until removed. */
const figuresCache = new Map<string, FigureBlock[]>();

/**
 * The figures of a reference data set, protected with the small-count threshold. Ordering never depends on a hidden
 * count (that would place it between two published ones): ordinal variables keep their natural order, others show
 * published counts largest first, then the hidden ones alphabetically, then "not recorded".
 */
export async function referenceFigures(
  ctx: AppContext,
  user: AuthUser,
  which: { datasetId: string; threshold?: number },
): Promise<{ dataset: CtdcDataset; blocks: FigureBlock[] }> {
  const { datasetId, threshold = DEFAULT_THRESHOLD } = which;
  authorise(user, 'view');
  const dataset = isId(datasetId) ? await repo.findDataset(ctx.db, datasetId) : undefined;
  if (!dataset) throw new NotFoundError();
  const cacheKey = `${dataset.id}:${threshold}`;
  const cached = figuresCache.get(cacheKey);
  if (cached) return { dataset, blocks: cached };
  const flags = await repo.flagCounts(ctx.db, dataset.id);
  const blocks: FigureBlock[] = [];
  for (const v of REFERENCE_VARIABLES) {
    if ('column' in v) {
      const freq = await repo.frequencies(ctx.db, dataset.id, v.column);
      if (freq.every((f) => f.value === null)) continue;
      const known = freq.filter((f) => f.value !== null) as Array<{ value: string; count: number }>;
      const missing = freq.find((f) => f.value === null)?.count ?? 0;
      if (v.ordinal) known.sort((a, b) => ordinalKey(a.value) - ordinalKey(b.value) || a.value.localeCompare(b.value));
      else known.sort((a, b) => a.value.localeCompare(b.value));
      const cells: Array<{ key: string | null; count: number }> = [
        ...known.map((k) => ({ key: k.value as string | null, count: k.count })),
        ...(missing > 0 ? [{ key: null, count: missing }] : []),
      ];
      const p = protectDistribution(cells, { threshold });
      let rows = p.cells.map((c) => ({ value: c.key, count: c.value }));
      if (!v.ordinal) {
        const shown = rows.filter((r) => r.value !== null && r.count !== null).sort((a, b) => (b.count as number) - (a.count as number));
        const hiddenRows = rows.filter((r) => r.value !== null && r.count === null);
        rows = [...shown, ...hiddenRows, ...rows.filter((r) => r.value === null)];
      }
      blocks.push({ key: v.key, kind: 'distribution', rows, total: p.total });
    } else {
      const present = v.group.filter((c) => flags[c].yes + flags[c].no > 0);
      if (present.length === 0) continue;
      const denominator = await repo.countWithAnyFlag(ctx.db, dataset.id, present);
      const counts = protectIndependentCounts(
        present.map((c) => ({ key: c, count: flags[c].yes })),
        { threshold },
      );
      const shown = counts.filter((c) => c.value !== null).sort((a, b) => (b.value as number) - (a.value as number));
      const hiddenRows = counts.filter((c) => c.value === null);
      blocks.push({
        key: v.key,
        kind: 'flags',
        rows: [...shown, ...hiddenRows].map((c) => ({ value: c.key, count: c.value })),
        total: denominator < threshold ? null : denominator,
      });
    }
  }
  figuresCache.set(cacheKey, blocks);
  // A small cache: the oldest entry goes first (Map keeps insertion order).
  if (figuresCache.size > 32) figuresCache.delete(figuresCache.keys().next().value as string);
  return { dataset, blocks };
}

export async function listReferenceDatasets(ctx: AppContext, user: AuthUser): Promise<CtdcDataset[]> {
  authorise(user, 'view');
  return repo.listDatasets(ctx.db);
}

/** Removes an imported data set and its records (reference data only: no case is touched). */
export async function deleteReference(ctx: AppContext, user: AuthUser, datasetId: string): Promise<void> {
  authorise(user, 'exchange');
  const dataset = isId(datasetId) ? await repo.findDataset(ctx.db, datasetId) : undefined;
  if (!dataset) throw new NotFoundError();
  await inTransaction(ctx.db, async (tx, onCommit) => {
    await repo.deleteDataset(tx, dataset.id);
    onCommit(() => {
      for (const key of figuresCache.keys()) if (key.startsWith(`${dataset.id}:`)) figuresCache.delete(key);
    });
    await recordEvent(tx, {
      type: 'ctdc.deleted',
      actorId: user.id,
      subjectType: 'ctdc_dataset',
      subjectId: dataset.id,
      data: { datasetId: dataset.id, format: dataset.format },
    });
  });
}

/** A CTDC file that was not imported, with the problems found (the page lists them). */
export class ImportRefusedError extends AppError {
  constructor(readonly result: ImportResult) {
    super('CTDC_IMPORT_REFUSED', 400, 'stats.import.refused');
  }
}

/** What the import refuses before reading anything: no file, or an empty one. */
export function emptyImport(): ImportResult {
  return {
    ok: false,
    datasetId: undefined,
    format: undefined,
    rowsRead: 0,
    rowsImported: 0,
    rowsRejected: 0,
    problems: [{ code: 'file.empty', line: 1, column: 1 }],
    seconds: 0,
  };
}

/**
 * An analyst's upload: a CTDC file into a new reference data set. A file that cannot be imported is refused
 * (ImportRefusedError), with the problems found; nothing of it is kept.
 */
export async function importReference(
  ctx: AppContext,
  user: AuthUser,
  upload: { file: unknown; name?: string | undefined },
): Promise<ImportResult & { datasetId: string }> {
  authorise(user, 'exchange');
  if (!Buffer.isBuffer(upload.file) || upload.file.length === 0) throw new ImportRefusedError(emptyImport());
  const name = upload.name?.trim() ? upload.name.trim().slice(0, 200) : undefined;
  const source: CtdcSource = upload.file;
  const r = await importCtdcFile({ db: ctx.db, sqlite: ctx.database.sqlite }, source, { fileName: name ?? 'upload', ...(name ? { name } : {}), actorId: user.id });
  ctx.log.info({ datasetId: r.datasetId, format: r.format, rowsRead: r.rowsRead, rowsImported: r.rowsImported, rowsRejected: r.rowsRejected }, 'ctdc import');
  if (!r.ok || !r.datasetId) throw new ImportRefusedError(r);
  return { ...r, datasetId: r.datasetId };
}
