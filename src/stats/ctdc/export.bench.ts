/**
 * CTDC export speed: `npx tsx src/stats/ctdc/export.bench.ts [records]` (default 1,000,000) generated case records
 * mapped to each schema, k-anonymised (k = 11) and written as CSV, in memory. The database read is not included.
 */
import { exportCtdc } from './export.js';
import type { CtdcCaseRecord, HtcdsExploitation, HtcdsGender, HtcdsMeansOfControl } from './htcds.js';
import { csvChunks } from '../downloads.js';

const n = Number(process.argv[2] ?? 1_000_000);
let seed = 42;
/** Deterministic pseudo-random numbers (mulberry32), so runs compare. */
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const GENDERS: HtcdsGender[] = ['Feminine', 'Feminine', 'Masculine', 'NonConforming', 'NonSpecifiedUnknown'];
const COUNTRIES = ['TN', 'LY', 'NG', 'CI', 'GN', 'ML', 'SN', 'CM', 'SD', 'ER', 'ET', 'SY', 'BD', 'PK', 'MA', 'DZ', 'EG', 'FR', 'IT', 'ES'];
const MEANS: HtcdsMeansOfControl[] = ['PhysicalThreats', 'DebtBondage', 'WithholdsDocuments', 'PsychoactiveSubstance', 'RestrictsMovement', 'FalsePromises'];
const TYPES: HtcdsExploitation[] = ['ForcedLabour', 'SexualExploitation', 'ForcedMarriage', 'ForcedBegging'];

function record(): CtdcCaseRecord {
  const age = rand() < 0.1 ? null : Math.floor(rand() * 60);
  return {
    cas_RegistrationDate: `${2015 + Math.floor(rand() * 11)}-0${1 + Math.floor(rand() * 9)}-15`,
    datasource: 'Case Management',
    prs_Gender: pick(GENDERS),
    prs_AgeAtRegistration: age,
    vic_AgeWhenTrafficked: age === null ? null : Math.max(0, age - Math.floor(rand() * 3)),
    vic_AgeAtEntry: null,
    prs_Citizenship: rand() < 0.05 ? null : pick(COUNTRIES),
    vic_CountryOfExploitation: rand() < 0.05 ? null : pick(COUNTRIES.slice(0, 6)),
    vic_MonthsInExploitation: rand() < 0.2 ? null : Math.floor(rand() * 40),
    vic_MethodsOfControl: rand() < 0.2 ? null : MEANS.filter(() => rand() < 0.3),
    vic_TypeOfExploitation: [pick(TYPES)],
    vic_ForcedLabourIndustry: rand() < 0.5 ? ['T_ActivitiesOfHouseholdsAsEmployers'] : ['A01'],
    vic_TypeOfSexExploitation: rand() < 0.7 ? null : ['Prostitution'],
    vic_RelationshipToTrafficker: rand() < 0.3 ? null : ['Acquainted'],
    vic_Abduction: pick(['yes', 'no', 'unknown'] as const),
  };
}

const records = Array.from({ length: n }, record);
for (const schema of ['global-synthetic-2024', 'global-kanon'] as const) {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const out = exportCtdc(records, { schema, k: 11 });
  // Streamed as a download would be: chunks, never one giant string.
  let bytes = 0;
  for (const chunk of csvChunks(out.header, out.rows)) bytes += Buffer.byteLength(chunk);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const levels = out.report.generalisation.map((g) => `${g.column}:${g.levelName}`).join(', ');
  console.log(
    `${schema.padEnd(22)} ${n} records in ${seconds.toFixed(1)} s (CPU ${cpuSeconds.toFixed(1)} s); ${out.report.outputRows} rows out, ${out.report.suppressedRows} suppressed; ${(bytes / 1e6).toFixed(0)} MB CSV; ${levels}`,
  );
}
