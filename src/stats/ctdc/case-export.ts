import type { AppContext } from '../../platform/context.js';
import { type CtdcExport, exportCtdc } from './export.js';
import type { CtdcCaseRecord, CtdcExportSchema, HtcdsExploitation, HtcdsGender, HtcdsMeansOfControl, HtcdsRelationship } from './htcds.js';
import { toCsv } from '../downloads.js';
import { refreshFacts } from '../facts.js';
import { exportRowsOfOffice } from '../facts.repository.js';

/**
 * CTDC export of an office's cases: the clear columns of cases and their coded facts mapped to the HTCDS record the
 * export engine takes (ctdc/export.ts), then k-anonymised there. Nothing encrypted is read here: the facts
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

/** A case as the export reads it: clear columns of the case and its coded facts (facts.repository.ts). */
export type ExportRow = Awaited<ReturnType<typeof exportRowsOfOffice>>[number];

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
  // The replica when there is one (DATABASE_REPLICA_URL), once it has the facts just refreshed on the primary: the
  // export's long reads leave the primary to intake.
  const db = await ctx.database.caughtUpReadDb();
  const read = (officeId: string) => {
    const rows = exportRowsOfOffice(db, officeId);
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

/** The k-anonymised CTDC export of the offices' cases (their facts brought up to date first). */
export async function exportOffices(ctx: AppContext, officeIds: readonly string[], options: { schema: CtdcExportSchema; k: number }): Promise<CtdcExport> {
  await refreshFacts(ctx);
  const records: CtdcCaseRecord[] = [];
  for await (const page of exportRows(ctx, officeIds)) for (const r of page) records.push(toCaseRecord(r));
  return exportCtdc(records, options);
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
