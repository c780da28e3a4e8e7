import { officesWith, type AuthUser } from '../../platform/auth/auth-user.js';
import { recordEvent } from '../../platform/audit/audit.js';
import type { AppContext } from '../../platform/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { findOfficeByCode, officeSummaries } from '../../offices/offices.repository.js';
import { exportOffices } from './case-export.js';
import { type CtdcExport, DEFAULT_K } from './export.js';
import { type CtdcExportSchema, isExportSchema } from './htcds.js';

declare module '../../platform/audit/audit.js' {
  interface AuditEvents {
    'ctdc.exported': { schema: string; k: number; rows: number; suppressedRows: number };
  }
}

/** The export form's values as typed, the checked ones, and the errors (message keys by field). */
export interface ExportRequest {
  office: string;
  format: string;
  kRaw: string;
  k: number;
  errors: Record<string, string>;
}

/** Reads the export form (a GET: it only reads); `office` empty means nothing was asked yet. */
export function parseExportQuery(query: unknown): ExportRequest {
  const q = (query ?? {}) as Record<string, unknown>;
  const office = typeof q.office === 'string' ? q.office.slice(0, 20) : '';
  const format = typeof q.format === 'string' ? q.format : 'global-kanon';
  const kRaw = typeof q.k === 'string' ? q.k.trim() : String(DEFAULT_K);
  const errors: Record<string, string> = {};
  if (!isExportSchema(format)) errors.format = 'dashboards.export.errors.format';
  if (!/^\d{1,3}$/.test(kRaw) || Number(kRaw) < 2 || Number(kRaw) > 100) errors.k = 'dashboards.export.errors.k';
  return { office, format, kRaw, k: Number(kRaw), errors };
}

/** The offices a user may export, by code (every office for a role without office). */
export async function exportableOffices(ctx: AppContext, user: AuthUser) {
  const allowed = officesWith(user, 'ctdc.exchange');
  if (allowed !== 'all' && allowed.length === 0) throw new ForbiddenError();
  return officeSummaries(ctx.db, { ids: allowed });
}

/** An analyst's export of one office they work for; an office not theirs is not found. Audited. */
export async function exportForUser(ctx: AppContext, user: AuthUser, request: { officeCode: string; schema: CtdcExportSchema; k: number }): Promise<CtdcExport> {
  const allowed = officesWith(user, 'ctdc.exchange');
  if (allowed !== 'all' && allowed.length === 0) throw new ForbiddenError();
  const office = await findOfficeByCode(ctx.db, request.officeCode);
  if (!office || (allowed !== 'all' && !allowed.includes(office.id))) throw new NotFoundError();
  const e = await exportOffices(ctx, [office.id], { schema: request.schema, k: request.k });
  await recordEvent(ctx.db, {
    type: 'ctdc.exported',
    officeId: office.id,
    actorId: user.id,
    subjectType: 'office',
    subjectId: office.id,
    data: { schema: request.schema, k: request.k, rows: e.rows.length, suppressedRows: e.report.suppressedRows },
  });
  return e;
}

/** The export a checked request asks for: a bad one is a ValidationError, an unknown format not found. */
export async function exportOf(ctx: AppContext, user: AuthUser, p: ExportRequest): Promise<CtdcExport> {
  if (!p.office || Object.keys(p.errors).length) throw new ValidationError(p.errors);
  if (!isExportSchema(p.format)) throw new NotFoundError();
  return exportForUser(ctx, user, { officeCode: p.office, schema: p.format, k: p.k });
}
