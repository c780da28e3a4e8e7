import { contextKeyLabel, identityKeyLabel, type TraffickingContext } from '../cases/index.js';
import type { PersonIdentity } from '../cases/cases.service.js';
import type { AppContext } from '../platform/context.js';
import { isCountry } from '../platform/countries.js';
import { officeSummaries } from '../offices/offices.repository.js';
import { ageBand, labourSector } from './ctdc/htcds.js';
import type { CaseFactCodeTable, CaseFactTable } from './dashboards.table.js';
import { changedCases, factsWatermark, replaceFacts } from './facts.repository.js';

/**
 * The coded facts of a case, derived from its encrypted context and identity: only bands and codes leave the
 * envelope. Refreshed for every case changed since the last refresh (cases.updated_at, indexed), which is also how
 * cases that existed before the dashboards get their facts.
 */

const BATCH = 500;

function wholeYears(from: string, to: string): number | null {
  const a = /^(\d{4})-(\d{2})-(\d{2})/.exec(from);
  const b = /^(\d{4})-(\d{2})-(\d{2})/.exec(to);
  if (!a || !b) return null;
  let years = Number(b[1]) - Number(a[1]);
  if (Number(b[2]) * 100 + Number(b[3]) < Number(a[2]) * 100 + Number(a[3])) years--;
  return years >= 0 && years < 130 ? years : null;
}

function months(from?: string, to?: string): number | null {
  const a = from ? /^(\d{4})-(\d{2})/.exec(from) : null;
  const b = to ? /^(\d{4})-(\d{2})/.exec(to) : null;
  if (!a || !b) return null;
  const m = (Number(b[1]) - Number(a[1])) * 12 + Number(b[2]) - Number(a[2]);
  return m >= 0 ? m : null;
}

/** A place given as a country code counts as the country of exploitation; otherwise the office's country (CTDC). */
function exploitationCountry(place: string | undefined, officeCountry: string | null): string | null {
  const p = place?.trim().toUpperCase();
  if (p && isCountry(p)) return p;
  return officeCountry;
}

export interface FactInput {
  caseId: string;
  officeId: string;
  openedAt: string;
  updatedAt: string;
  officeCountry: string | null;
  identity: Pick<PersonIdentity, 'birthDate' | 'estimatedAge'>;
  context: TraffickingContext;
}

export function deriveFacts(i: FactInput): { fact: CaseFactTable; codes: CaseFactCodeTable[] } {
  const age = i.identity.birthDate
    ? wholeYears(i.identity.birthDate, i.openedAt)
    : typeof i.identity.estimatedAge === 'number'
      ? i.identity.estimatedAge
      : null;
  const c = i.context;
  const exploitation = c.exploitationTypes?.length ? [...new Set(c.exploitationTypes)] : null;
  const control = c.methodsOfControl?.length ? [...new Set(c.methodsOfControl)] : null;
  const fact: CaseFactTable = {
    case_id: i.caseId,
    office_id: i.officeId,
    opened_at: i.openedAt,
    age_band: ageBand(age),
    recruitment_method: c.recruitmentMethod ?? null,
    relationship: c.relationship ?? null,
    labour_sector: c.industry?.trim() ? labourSector(c.industry) : null,
    exploitation_country: exploitationCountry(c.exploitationPlace, i.officeCountry),
    months_exploited: months(c.exploitationFrom, c.exploitationTo),
    exploitation_codes: exploitation ? exploitation.join('|') : null,
    control_codes: control ? control.join('|') : null,
    source_updated_at: i.updatedAt,
  };
  const codes: CaseFactCodeTable[] = [
    ...(exploitation ?? []).map((code) => ({ case_id: i.caseId, office_id: i.officeId, opened_at: i.openedAt, dim: 'exploitation', code })),
    ...(control ?? []).map((code) => ({ case_id: i.caseId, office_id: i.officeId, opened_at: i.openedAt, dim: 'control', code })),
  ];
  return { fact, codes };
}

/**
 * Brings the facts up to date: every case updated at or after the newest fact (and every case without facts, on the
 * first run). Returns how many cases were refreshed. Bounded: at most `limit` cases per call.
 */
export async function refreshFacts(ctx: AppContext, limit = 1_000_000): Promise<number> {
  const watermark = await factsWatermark(ctx.db);
  let done = 0;
  let after = watermark ?? '';
  let afterId = '';
  const countries = new Map((await officeSummaries(ctx.db)).map((o) => [o.id, o.country]));
  const page = (sameInstant: boolean) => changedCases(ctx.db, { after, afterId, sameInstant, limit: BATCH });
  while (done < limit) {
    let rows = await page(true);
    if (rows.length === 0) rows = await page(false);
    if (rows.length === 0) break;
    const items = [];
    for (const r of rows) {
      if (r.source_updated_at === r.updated_at) continue;
      const identity = r.identity_enc ? await ctx.keys.decrypt<PersonIdentity>(r.identity_enc, identityKeyLabel(r.id)) : {};
      const context = r.context_enc ? await ctx.keys.decrypt<TraffickingContext>(r.context_enc, contextKeyLabel(r.id)) : {};
      items.push(
        deriveFacts({
          caseId: r.id,
          officeId: r.office_id,
          openedAt: r.opened_at,
          updatedAt: r.updated_at,
          officeCountry: countries.get(r.office_id) ?? null,
          identity,
          context,
        }),
      );
    }
    await replaceFacts(ctx.db, items);
    done += items.length;
    const last = rows[rows.length - 1] as (typeof rows)[number];
    after = last.updated_at;
    afterId = last.id;
  }
  return done;
}
