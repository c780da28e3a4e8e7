import type { TraffickingContext } from '../cases/index.js';
import type { NewCase } from '../cases/cases.table.js';
import type { ReportTable } from '../reports/reports.table.js';
import type { Insertable } from 'kysely';
import { newId } from '../platform/ids.js';
import type { CaseFactCodeTable, CaseFactTable } from './dashboards.table.js';
import { deriveFacts } from './facts.js';

/**
 * Synthetic, invented cases for the dashboards' demo, tests and benchmarks: realistic proportions (mostly women,
 * a fifth children, sexual exploitation and forced labour first), a seeded generator so runs are repeatable.
 * No row describes a real person.
 */

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(r: () => number, items: ReadonlyArray<readonly [T, number]>): T {
  const total = items.reduce((a, [, w]) => a + w, 0);
  let x = r() * total;
  for (const [v, w] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return (items[items.length - 1] as readonly [T, number])[0];
}

const GENDER = [
  ['Feminine', 68],
  ['Masculine', 29],
  ['TransgenderFeminine', 1],
  ['NonSpecifiedUnknown', 2],
] as const;
const CITIZENSHIP = [
  ['CI', 14],
  ['NG', 12],
  ['TN', 8],
  ['SN', 7],
  ['CM', 6],
  ['GN', 6],
  ['ML', 5],
  ['BD', 5],
  ['PH', 5],
  ['UA', 4],
  ['SY', 4],
  ['ER', 4],
  ['MA', 3],
  ['ET', 3],
  ['VN', 3],
  ['RO', 2],
  ['AF', 2],
  ['NP', 2],
  ['SD', 2],
  ['GH', 2],
  ['CD', 1],
  ['MM', 1],
] as const;
const EXPLOITATION = [
  ['SexualExploitation', 42],
  ['ForcedLabour', 38],
  ['ForcedBegging', 6],
  ['ForcedMarriage', 5],
  ['ChildLabour', 4],
  ['Servitude', 3],
  ['OrganRemoval', 1],
  ['Other', 1],
] as const;
const CONTROL = [
  ['PsychologicalAbuse', 20],
  ['WithholdsDocuments', 18],
  ['PhysicalThreats', 14],
  ['TakesEarnings', 12],
  ['DebtBondage', 10],
  ['FalsePromises', 9],
  ['PhysicalAbuse', 7],
  ['ExcessiveWorkingHours', 5],
  ['SexualAbuse', 3],
  ['ThreatensChildrenFamily', 2],
] as const;
const INDUSTRY = [
  ['A01 crops', 30],
  ['T domestic', 25],
  ['F construction', 15],
  ['I restaurant', 12],
  ['C factory', 8],
  ['A03 fishing', 5],
  ['B mine', 3],
  ['H transport', 2],
] as const;
const RECRUITMENT = [
  ['ThroughFriendsOrSocialEvents', 30],
  ['ThroughFamilyOrFamilyEvents', 22],
  ['ThroughOnlineSocialNetworks', 18],
  ['ThroughAnOnlineAdvertisement', 10],
  ['AtWork', 8],
  ['AtAPlaceOfBusiness', 6],
  ['Other', 6],
] as const;
const RELATIONSHIP = [
  ['Acquainted', 45],
  ['Familial', 25],
  ['Unaquainted', 30],
] as const;
const SOURCE = [
  ['referral', 40],
  ['report', 25],
  ['outreach', 20],
  ['self', 15],
] as const;
const SERVICES = [
  ['safe_accommodation', 25],
  ['medical', 25],
  ['psychosocial', 20],
  ['legal', 15],
  ['education', 10],
  ['vocational_training', 5],
] as const;

export interface SyntheticOffice {
  id: string;
  code: string;
  country: string;
}

export interface SyntheticCase {
  row: NewCase;
  fact: CaseFactTable;
  codes: CaseFactCodeTable[];
  context: TraffickingContext;
  identity: { birthDate?: string; estimatedAge?: number };
  services: Array<{ id: string; office_id: string; case_id: string; service: string; delivered_on: string; created_at: string }>;
  report?: ReportLike;
}

export type ReportLike = Insertable<ReportTable>;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * One invented case. `start` and `spanDays` place the opening date; `ciphertexts` fills the encrypted columns with
 * a ready-made value (benchmarks: facts are written directly, so nothing needs to be decrypted).
 */
export function syntheticCase(
  r: () => number,
  office: SyntheticOffice,
  at: { seq: number; start: number; spanDays: number; ciphertexts?: { identity: string; context: string } | undefined; withReports?: boolean },
): SyntheticCase {
  const { seq, start, spanDays, ciphertexts } = at;
  const withReports = at.withReports ?? true;
  const id = newId();
  const opened = start + Math.floor(r() * spanDays * 86_400_000);
  const child = r() < 0.2;
  const age = child ? 6 + Math.floor(r() * 12) : 18 + Math.floor(r() * 40);
  const closed = r() < 0.4 ? opened + Math.floor((10 + r() * 300) * 86_400_000) : null;
  const closedAt = closed !== null && closed < Date.now() ? iso(closed) : null;
  const exploitation = [weighted(r, EXPLOITATION)];
  if (r() < 0.08) exploitation.push(weighted(r, EXPLOITATION));
  const control = r() < 0.1 ? [] : Array.from({ length: 1 + Math.floor(r() * 3) }, () => weighted(r, CONTROL));
  const labour = exploitation.some((e) => e === 'ForcedLabour' || e === 'ChildLabour');
  const fromMs = opened - Math.floor((30 + r() * 700) * 86_400_000);
  const context: TraffickingContext = {
    recruitmentMethod: r() < 0.85 ? weighted(r, RECRUITMENT) : undefined,
    relationship: r() < 0.8 ? weighted(r, RELATIONSHIP) : undefined,
    exploitationTypes: exploitation,
    methodsOfControl: control,
    industry: labour && r() < 0.9 ? weighted(r, INDUSTRY) : undefined,
    exploitationPlace: r() < 0.7 ? office.country : r() < 0.5 ? weighted(r, CITIZENSHIP) : undefined,
    exploitationFrom: iso(fromMs).slice(0, 10),
    exploitationTo: iso(opened).slice(0, 10),
  } as TraffickingContext;
  for (const k of Object.keys(context) as Array<keyof TraffickingContext>) if (context[k] === undefined) delete context[k];
  const openedIso = iso(opened);
  const identity = r() < 0.7 ? { birthDate: iso(opened - age * 365.25 * 86_400_000 - Math.floor(r() * 300) * 86_400_000).slice(0, 10) } : { estimatedAge: age };
  const updatedAt = closedAt ?? openedIso;
  const row: NewCase = {
    id,
    office_id: office.id,
    case_number: `${office.code}-${openedIso.slice(0, 4)}-${String(seq).padStart(6, '0')}`,
    cas_status: closedAt ? 'Closed' : r() < 0.2 ? 'FollowUp' : 'Active',
    stage: closedAt ? 'closed' : 'assistance',
    owner_id: null,
    source: weighted(r, SOURCE),
    report_id: null,
    prs_gender: r() < 0.97 ? weighted(r, GENDER) : null,
    prs_citizenship: r() < 0.95 ? JSON.stringify([weighted(r, CITIZENSHIP)]) : null,
    age_status: child ? 'presumed_minor' : 'documented',
    is_child: child ? 1 : 0,
    identity_enc: ciphertexts?.identity ?? null,
    contact_enc: null,
    health_enc: null,
    testimony_enc: null,
    context_enc: ciphertexts?.context ?? null,
    cas_reason_for_case_closure: closedAt ? 'support_period_ended' : null,
    opened_at: openedIso,
    closed_at: closedAt,
    created_at: openedIso,
    updated_at: updatedAt,
  };
  const { fact, codes } = deriveFacts({ caseId: id, officeId: office.id, openedAt: openedIso, updatedAt, officeCountry: office.country, identity, context });
  const services = Array.from({ length: r() < 0.15 ? 0 : 1 + Math.floor(r() * 2) }, (_, i) => {
    const delivered = iso(opened + Math.floor((i * 10 + r() * 60) * 86_400_000)).slice(0, 10);
    return {
      id: newId(),
      office_id: office.id,
      case_id: id,
      service: weighted(r, SERVICES),
      delivered_on: delivered,
      created_at: `${delivered}T12:00:00.000Z`,
    };
  });
  let report: ReportLike | undefined;
  if (row.source === 'report' && withReports) {
    const reportId = newId();
    const received = iso(opened - Math.floor(r() * 20 * 86_400_000));
    row.report_id = reportId;
    report = {
      id: reportId,
      office_id: office.id,
      reference: `${office.code}-R${received.slice(0, 4)}-${String(seq).padStart(6, '0')}`,
      receipt_hash: `synthetic-${reportId}`,
      state: 'case_opened',
      closure_reason: null,
      reporter_role: weighted(r, [
        ['self', 30],
        ['relative', 20],
        ['witness', 25],
        ['professional', 20],
        ['other', 5],
      ] as const),
      country: office.country,
      location_known: 1,
      danger_now: 'unknown',
      recent_24h: 'unknown',
      children: child ? 'yes' : 'no',
      people_count: '1',
      recruitment_codes: '[]',
      control_codes: '[]',
      exploitation_codes: JSON.stringify(exploitation),
      language: null,
      form_locale: 'en',
      priority: 'medium',
      priority_reasons: '[]',
      consents: '{}',
      content_enc: ciphertexts?.identity ?? 'synthetic',
      case_id: id,
      received_at: received,
      closed_at: null,
      created_at: received,
      updated_at: openedIso,
    };
  }
  return { row, fact, codes, context, identity, services, ...(report ? { report } : {}) };
}
