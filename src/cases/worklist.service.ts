import type { Static } from '@sinclair/typebox';
import { recordEvent } from '../platform/audit/audit.js';
import { type AuthUser, officesWith } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { ageFrom } from './age.policy.js';
import { DEFAULT_COLUMNS, type ListColumn, type ListQuery } from './cases.schema.js';
import { dueInDays, dueToday } from './due.service.js';
import { nameQueryTokens, searchTokens } from './lookups.service.js';
import { identityKeyLabel, type PersonIdentity } from './person.js';
import * as repo from './worklist.repository.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'cases.list_exported': { rows: number; columns: string[]; filters: string[] };
    'cases.view_saved': { viewId: string };
    'cases.view_deleted': { viewId: string };
  }
}

export const PAGE_SIZE = 50;
/** At most this many rows in one spreadsheet export. */
export const EXPORT_MAX = 5000;

export type ListFilters = Static<typeof ListQuery>;

export function todayIso(): string {
  return dueToday();
}

export function inDays(days: number): string {
  return dueInDays(days);
}

/** The list filters that are never saved nor exported as filter names: they hold what identifies a person. */
export const PERSON_SEARCH_FIELDS = ['name', 'birthDate', 'document', 'phone'] as const;

/** Whether this user may see names (and search by them) in the cases of this office. */
export function seesNamesIn(user: AuthUser, officeId: string): boolean {
  const o = officesWith(user, 'cases.names');
  return o === 'all' || o.includes(officeId);
}

export interface CaseListRow {
  id: string;
  caseNumber: string;
  status: string;
  stage: string;
  isChild: boolean;
  risk: string | null;
  nextDue: string | null;
  openedAt: string;
  ownerId: string | null;
  ownerName: string | null;
  officeId: string;
  sex: string | null;
  /** Only for a user who may see names in the case's office; null otherwise (never sent to the view). */
  name: string | null;
  age: number | null;
}

export interface CaseList {
  rows: CaseListRow[];
  total: number;
  page: number;
  pages: number;
  columns: ListColumn[];
  /** False when the user may see no names: the name column and the name search are not offered. */
  namesAllowed: boolean;
}

/** The person's shown name: given and family names, else the first alias. */
export function shownName(identity: PersonIdentity): string | null {
  const full = [identity.firstName, identity.middleName, identity.lastName].filter(Boolean).join(' ').trim();
  return full || identity.aliases?.[0] || null;
}

async function identityOf(ctx: AppContext, caseId: string, enc: string | null): Promise<PersonIdentity> {
  if (!enc) return {};
  try {
    return await ctx.keys.decrypt<PersonIdentity>(enc, identityKeyLabel(caseId));
  } catch (err) {
    // One unreadable record must not hide the whole list: it shows without a name, and the fault is logged.
    ctx.log.error({ caseId, err: (err as Error).name }, 'case identity could not be opened for the list');
    return {};
  }
}

function columnsOf(f: ListFilters, namesAllowed: boolean): ListColumn[] {
  const chosen = f.cols?.length ? f.cols : [...DEFAULT_COLUMNS];
  return chosen.filter((c) => namesAllowed || (c !== 'name' && c !== 'age'));
}

async function queryOf(ctx: AppContext, user: AuthUser, f: ListFilters): Promise<repo.WorklistQuery | null> {
  const namesAllowed = officesWith(user, 'cases.names');
  const tokens = await searchTokens(ctx, { ...f, name: undefined });
  if (tokens === null) return null;
  let nameTokens: string[][] = [];
  if (f.name) {
    if (namesAllowed !== 'all' && namesAllowed.length === 0) throw new ValidationError({ name: 'caselist.errors.namesNotAllowed' });
    const t = await nameQueryTokens(ctx, f.name);
    if (t === null) return null;
    nameTokens = t;
  }
  return { user, filters: f, tokens, nameTokens, offices: namesAllowed, today: todayIso(), weekEnd: inDays(7) };
}

/**
 * The work list: the cases the user may read (scope in SQL), filtered and sorted, with the total and numbered pages;
 * search by case number, by partial or phonetic name (keyed blind-index tokens), or by exact birth date, document
 * or phone (blind index), never by decrypting a caseload. Only the page's rows are decrypted, for the name and age
 * columns, and only in offices where the user may see names.
 */
export async function listCases(ctx: AppContext, { user, f, opts = {} }: { user: AuthUser; f: ListFilters; opts?: { limit?: number } }): Promise<CaseList> {
  const names = officesWith(user, 'cases.names');
  const namesAllowed = names === 'all' || names.length > 0;
  const columns = columnsOf(f, namesAllowed);
  const q = await queryOf(ctx, user, f);
  const size = opts.limit ?? PAGE_SIZE;
  if (!q) return { rows: [], total: 0, page: 1, pages: 1, columns, namesAllowed };
  const total = await repo.worklistCount(ctx.db, q);
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(f.page ?? 1, pages);
  const rows = await repo.worklistRows(ctx.db, { ...q, limit: size, offset: (page - 1) * size });
  const wantsPerson = columns.includes('name') || columns.includes('age');
  const out = await Promise.all(
    rows.map(async (r): Promise<CaseListRow> => {
      const identity = wantsPerson && seesNamesIn(user, r.office_id) ? await identityOf(ctx, r.id, r.identity_enc) : undefined;
      return {
        id: r.id,
        caseNumber: r.case_number,
        status: r.cas_status,
        stage: r.stage,
        isChild: r.is_child === 1,
        risk: r.risk_level,
        nextDue: r.next_due_on,
        openedAt: r.opened_at,
        ownerId: r.owner_id,
        ownerName: r.owner_name,
        officeId: r.office_id,
        sex: r.prs_gender,
        name: identity ? shownName(identity) : null,
        age: identity ? (ageFrom(identity) ?? null) : null,
      };
    }),
  );
  return { rows: out, total, page, pages, columns, namesAllowed };
}

/** Open caseload per case worker in the offices the user supervises (none for someone who supervises nowhere). */
export async function caseloads(ctx: AppContext, user: AuthUser) {
  const supervised = officesWith(user, 'cases.supervise');
  return supervised === 'all' || supervised.length > 0 ? repo.caseloadRows(ctx.db, user) : [];
}

/** The list as a spreadsheet's rows (at most EXPORT_MAX), audited: who exported how many rows, which columns and filters. */
export async function exportCases(ctx: AppContext, user: AuthUser, f: ListFilters): Promise<CaseList> {
  const list = await listCases(ctx, { user, f: { ...f, page: 1 }, opts: { limit: EXPORT_MAX } });
  await inTransaction(ctx.db, (tx) =>
    recordEvent(tx, {
      type: 'cases.list_exported',
      officeId: null,
      actorId: user.id,
      subjectType: 'case_list',
      subjectId: null,
      // Which filters were used, by field name only: a searched name or number never reaches the audit.
      data: {
        rows: list.rows.length,
        columns: list.columns,
        filters: Object.keys(f)
          .filter((k) => f[k as keyof ListFilters] !== undefined && k !== 'page')
          .sort(),
      },
    }),
  );
  return list;
}

/** The query string of a list view without the page and the person-search fields (what may be saved). */
export function savableQuery(f: ListFilters): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || k === 'page' || (PERSON_SEARCH_FIELDS as readonly string[]).includes(k)) continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, String(x));
    else p.set(k, String(v));
  }
  return p.toString();
}

export function listViews(ctx: AppContext, user: AuthUser) {
  return repo.savedViews(ctx.db, user.id);
}

/** Saves the current filters under a name for this user (same name: replaced). */
export async function saveListView(ctx: AppContext, { user, name, f }: { user: AuthUser; name: string; f: ListFilters }): Promise<string> {
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await repo.saveView(tx, { id, user_id: user.id, name: name.trim(), query: savableQuery(f), created_at: nowIso() });
    await recordEvent(tx, { type: 'cases.view_saved', officeId: null, actorId: user.id, subjectType: 'case_list_view', subjectId: id, data: { viewId: id } });
  });
  return id;
}

export async function deleteListView(ctx: AppContext, user: AuthUser, id: string): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    if (!(await repo.deleteView(tx, user.id, id))) throw new NotFoundError();
    await recordEvent(tx, { type: 'cases.view_deleted', officeId: null, actorId: user.id, subjectType: 'case_list_view', subjectId: id, data: { viewId: id } });
  });
}

/**
 * What the header of every case tab shows of the person: the name (or an alias) and the age, for a user who may see
 * names in the case's office (the caller has loaded the case through loadCaseFor); undefined otherwise.
 */
export async function headerPerson(
  ctx: AppContext,
  user: AuthUser,
  record: { id: string; office_id: string; identity_enc: string | null },
): Promise<{ name: string | null; age: number | null } | undefined> {
  if (!seesNamesIn(user, record.office_id)) return undefined;
  const identity = await identityOf(ctx, record.id, record.identity_enc);
  return { name: shownName(identity), age: ageFrom(identity) ?? null };
}
