import { writeFileSync } from 'node:fs';
import type { CliCommand } from '../platform/features/feature.js';
import { type AuthUser, officesWith } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { ForbiddenError, NotFoundError } from '../platform/http/errors.js';
import {
  type CtdcCaseRecord,
  type CtdcExport,
  type CtdcExportSchema,
  DEFAULT_K,
  type HtcdsExploitation,
  type HtcdsGender,
  type HtcdsMeansOfControl,
  type HtcdsRelationship,
  exportCtdc,
  isExportSchema,
} from '../stats/ctdc-export.js';
import { toCsv } from '../stats/downloads.js';
import { refreshFacts } from './facts.js';

/**
 * CTDC export of an office's cases: the clear columns of cases and their coded facts mapped to the HTCDS record the
 * export engine takes (stats/ctdc-export.ts), then k-anonymised there. Nothing encrypted is read here: the facts
 * hold the age band (its lower bound stands for the age: it maps back to the same CTDC band and majority status),
 * the labour sector (mapped to the ISIC section the engine expects) and the coded lists.
 */

const SECTOR_TO_ISIC: Record<string, string> = {
  Agriculture: 'A01',
  Aquafarming: 'A03',
  MiningOrDrilling: 'B',
  Manufacturing: 'C',
  Construction: 'F',
  Transportation: 'H',
  Hospitality: 'I',
  DomesticWork: 'T',
  Begging: 'Begging',
  IllicitActivities: 'IllicitActivities',
  Peddling: 'Peddling',
};

const GENDERS = new Set(['Feminine', 'Masculine', 'TransgenderFeminine', 'TransgenderMasculine', 'NonConforming', 'NonSpecifiedUnknown']);

export interface ExportRow {
  opened_at: string;
  prs_gender: string | null;
  prs_citizenship: string | null;
  age_band: string | null;
  exploitation_country: string | null;
  months_exploited: number | null;
  exploitation_codes: string | null;
  control_codes: string | null;
  labour_sector: string | null;
  relationship: string | null;
}

function bandAge(band: string | null): number | null {
  const m = band ? /^(\d+)/.exec(band) : null;
  return m ? Number(m[1]) : null;
}

function list<T extends string>(v: string | null): T[] | null {
  return v ? (v.split('|').filter(Boolean) as T[]) : null;
}

/** The first citizenship of a stored JSON list; the few distinct lists are parsed once each. */
const citizenships = new Map<string, string | null>();
export function firstCitizenship(stored: string | null): string | null {
  if (!stored) return null;
  let c = citizenships.get(stored);
  if (c === undefined) {
    try {
      const list = JSON.parse(stored) as unknown;
      c = Array.isArray(list) && typeof list[0] === 'string' ? list[0] : null;
    } catch {
      c = null;
    }
    if (citizenships.size < 10_000) citizenships.set(stored, c);
  }
  return c;
}

export function toCaseRecord(r: ExportRow): CtdcCaseRecord {
  const citizenship = firstCitizenship(r.prs_citizenship);
  const age = bandAge(r.age_band);
  return {
    cas_RegistrationDate: r.opened_at.slice(0, 10),
    datasource: 'Case Management',
    prs_Gender: r.prs_gender && GENDERS.has(r.prs_gender) ? (r.prs_gender as HtcdsGender) : null,
    prs_AgeAtRegistration: age,
    vic_AgeWhenTrafficked: null,
    vic_AgeAtEntry: null,
    prs_Citizenship: citizenship,
    vic_CountryOfExploitation: r.exploitation_country,
    vic_MonthsInExploitation: r.months_exploited,
    vic_MethodsOfControl: list<HtcdsMeansOfControl>(r.control_codes),
    vic_TypeOfExploitation: list<HtcdsExploitation>(r.exploitation_codes),
    vic_ForcedLabourIndustry: r.labour_sector ? [SECTOR_TO_ISIC[r.labour_sector] ?? 'Other'] : null,
    vic_TypeOfSexExploitation: null,
    vic_RelationshipToTrafficker: r.relationship ? [r.relationship as HtcdsRelationship] : null,
    vic_Abduction: 'unknown',
  };
}

/**
 * The export rows of the offices' cases, one office at a time (on the office index; an office's rows are held in
 * memory anyway, since k-anonymity needs every row before it can release any).
 */
export async function* exportRows(ctx: AppContext, officeIds: readonly string[]): AsyncGenerator<ExportRow[]> {
  const read = (officeId: string) => {
    const rows = ctx.db
      .selectFrom('cases')
      .leftJoin('case_facts', 'case_facts.case_id', 'cases.id')
      .select([
        'cases.opened_at',
        'cases.prs_gender',
        'cases.prs_citizenship',
        'case_facts.age_band',
        'case_facts.exploitation_country',
        'case_facts.months_exploited',
        'case_facts.exploitation_codes',
        'case_facts.control_codes',
        'case_facts.labour_sector',
        'case_facts.relationship',
      ])
      .where('cases.office_id', '=', officeId)
      .execute();
    rows.catch(() => undefined); // an abandoned read must not be an unhandled rejection; awaiting it still throws
    return rows;
  };
  // The next office is read while the caller maps this one (PostgreSQL works in its own process meanwhile).
  let next = officeIds.length > 0 ? read(officeIds[0] as string) : null;
  for (let i = 0; next; i++) {
    const rows = await next;
    next = i + 1 < officeIds.length ? read(officeIds[i + 1] as string) : null;
    if (rows.length > 0) yield rows;
  }
}

export async function exportOffices(ctx: AppContext, officeIds: readonly string[], schema: CtdcExportSchema, k: number): Promise<CtdcExport> {
  await refreshFacts(ctx);
  const records: CtdcCaseRecord[] = [];
  for await (const page of exportRows(ctx, officeIds)) for (const r of page) records.push(toCaseRecord(r));
  return exportCtdc(records, { schema, k });
}

/** An analyst's export of one office they work for (or any office for a role without office). */
export async function exportForUser(ctx: AppContext, user: AuthUser, officeCode: string, schema: CtdcExportSchema, k: number): Promise<CtdcExport> {
  const allowed = officesWith(user, 'ctdc.exchange');
  if (allowed !== 'all' && allowed.length === 0) throw new ForbiddenError();
  const office = await ctx.db.selectFrom('offices').select(['id', 'code']).where('code', '=', officeCode).executeTakeFirst();
  if (!office || (allowed !== 'all' && !allowed.includes(office.id))) throw new NotFoundError();
  return exportOffices(ctx, [office.id], schema, k);
}

/** The report of what was generalised and suppressed, as lines of text (also shown on the page). */
export function reportLines(e: CtdcExport): string[] {
  const r = e.report;
  const lines = [`schema: ${e.schema}`, `k: ${r.k}`, `quasi-identifiers: ${e.quasiIdentifiers.join(', ')}`];
  for (const [key, value] of Object.entries(r)) {
    if (key === 'k') continue;
    lines.push(`${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  }
  return lines;
}

export function exportCsv(e: CtdcExport): string {
  return toCsv(e.header, e.rows);
}

/** `abri export-ctdc --office CODE [--format global-synthetic-2024|global-kanon] [--k 11] [--out FILE]`. */
export const exportCtdcCommand: CliCommand = {
  name: 'export-ctdc',
  usage: 'export-ctdc --office CODE|all [--format global-synthetic-2024|global-kanon] [--k 11] [--out FILE]',
  description: "export an office's cases as a k-anonymised CTDC file; prints what was generalised and suppressed",
  async run(ctx, { values }) {
    const code = typeof values.office === 'string' ? values.office : '';
    const format = typeof values.format === 'string' ? values.format : 'global-kanon';
    const kRaw = typeof values.k === 'string' ? values.k : String(DEFAULT_K);
    if (!code) {
      console.error('export-ctdc needs --office CODE (or --office all)');
      return 1;
    }
    if (!isExportSchema(format)) {
      console.error('--format must be global-synthetic-2024 or global-kanon');
      return 1;
    }
    if (!/^\d{1,4}$/.test(kRaw) || Number(kRaw) < 2) {
      console.error('--k must be a whole number of at least 2');
      return 1;
    }
    const offices = await ctx.db
      .selectFrom('offices')
      .select('id')
      .$if(code !== 'all', (q) => q.where('code', '=', code))
      .execute();
    if (offices.length === 0) {
      console.error(`no office with code ${code}`);
      return 1;
    }
    const started = performance.now();
    const e = await exportOffices(
      ctx,
      offices.map((o) => o.id),
      format,
      Number(kRaw),
    );
    const csv = exportCsv(e);
    const out = typeof values.out === 'string' ? values.out : '';
    if (out) writeFileSync(out, csv);
    else process.stdout.write(csv);
    const log = out ? console.log : console.error;
    log(`rows exported: ${e.rows.length}`);
    for (const line of reportLines(e)) log(line);
    log(`time: ${((performance.now() - started) / 1000).toFixed(2)} s`);
    return 0;
  },
};
