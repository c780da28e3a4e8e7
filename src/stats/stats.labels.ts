import { countryName } from '../platform/countries.js';
import type { Translator } from '../platform/i18n/i18n.js';
import type { ImportProblem } from './ctdc/import.js';
import type { CellValue } from './downloads.js';
import type { FigureBlock } from './stats.service.js';

/**
 * The words of the statistics pages and downloads: how a CTDC value, a dashboard category, a month or an import
 * problem reads in the reader's language. Pure functions of a translator, shared by views and downloads.
 */

const COUNTRY_COLUMNS = new Set(['citizenship', 'exploitationCountry']);
/** CTDC values that have a translation (stats.values.*); others (years, age bands) are shown as they are. */
const VALUE_KEYS: Record<string, string> = {
  'Case Management': 'caseManagement',
  Hotline: 'hotline',
  Female: 'female',
  Male: 'male',
  'Transgender/NonConforming': 'transgender',
  Adult: 'adult',
  Minor: 'minor',
  Africa: 'africa',
  'Americas/Oceania': 'americasOceania',
  Asia: 'asia',
  Europe: 'europe',
  Oceania: 'oceania',
  '0--12 (0-1 yr)': 'months0to12',
  '13--24 (1-2 yrs)': 'months13to24',
  '25+ (2+ yrs)': 'months25plus',
  FamilyIntimatePartner: 'familyIntimatePartner',
  FriendAcquaintance: 'friendAcquaintance',
  StrangerUnknownOther: 'strangerUnknownOther',
  Yes: 'yes',
  No: 'no',
};

/** The label of a CTDC value: countries by name, age bands with a dash, known values translated. */
export function valueLabel(t: Translator, block: FigureBlock, value: string | null): string {
  if (value === null) return t('stats.notRecorded');
  if (block.kind === 'flags') return t(`stats.flags.${value}`);
  if (COUNTRY_COLUMNS.has(block.key)) return countryName(value, t.locale);
  return value
    .split(/;\s*/)
    .map((p) => {
      const key = VALUE_KEYS[p];
      return key ? t(`stats.values.${key}`) : p.replace(/--/g, '–');
    })
    .join(' + ');
}

export function formatLabel(t: Translator, format: string): string {
  return t(`stats.formats.${format}`);
}

export function problemText(t: Translator, p: ImportProblem): string {
  const values: Record<string, string | number> = { line: p.line, column: p.column };
  if ('name' in p) values.name = p.name;
  if ('value' in p) values.value = p.value;
  if ('expected' in p) {
    values.expected = p.expected;
    values.found = p.found;
  }
  if ('rejected' in p) {
    values.rejected = p.rejected;
    values.allowed = p.allowed;
  }
  return t(`stats.problems.${p.code.replace('.', '_')}`, values);
}

/** A reference block as a sheet: its header and rows, hidden counts written out, the total last. */
export function referenceSheet(t: Translator, b: FigureBlock): { header: string[]; rows: CellValue[][] } {
  const totalLabel = b.kind === 'flags' ? t('stats.totalWithAny') : t('stats.total');
  return {
    header: [t(`stats.variables.${b.key}`), t('stats.people')],
    rows: [
      ...b.rows.map((r) => [valueLabel(t, b, r.value), r.count === null ? t('stats.hidden') : r.count] as CellValue[]),
      [totalLabel, b.total === null ? t('stats.hidden') : b.total],
    ],
  };
}

/** A month (YYYY-MM) as the locale writes it: "January 2026", « janvier 2026 »... */
export function monthLabel(t: Translator, month: string): string {
  return new Intl.DateTimeFormat(t.locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}

/** Where a dashboard category's label comes from: the dashboards' own values, then the feature that owns the code. */
const LABEL_KEYS: Record<string, (code: string) => string[]> = {
  gender: (c) => [`cases.values.gender.${c}`],
  closedGender: (c) => [`cases.values.gender.${c}`],
  closedExploitation: (c) => [`cases.values.exploitation.${c}`, `reports.exploitation.${c}`],
  closedReason: (c) => [`cases.values.closure.${c}`],
  recruitment: (c) => [`cases.values.recruitment.${c}`],
  control: (c) => [`cases.values.control.${c}`],
  exploitation: (c) => [`cases.values.exploitation.${c}`, `reports.exploitation.${c}`],
  caseSource: (c) => [`cases.source.${c}`],
  services: (c) => [`plans.types.${c}`],
  referrals: (c) => [`referrals.status.${c}`],
  reportSource: (c) => [`reports.roles.${c}`],
  reportOutcome: (c) => [`dashboards.values.reportOutcome.${c}`, `reports.closure.${c}`],
  solutions: (c) => [`dashboards.values.solutions.${c}`],
  industry: (c) => [`dashboards.values.industry.${c}`],
  children: (c) => [`dashboards.values.children.${c}`],
  closedChildren: (c) => [`dashboards.values.children.${c}`],
  reportToCase: (c) => [`dashboards.values.days.${c}`],
  caseToAssistance: (c) => [`dashboards.values.days.${c}`],
  reintegration: (c) => [`dashboards.values.reintegration.${c.replace(':', '_')}`],
};

const COUNTRY_FIGURES = new Set(['citizenship', 'exploitationCountry']);

export function categoryLabel(t: Translator, figure: string, code: string | null): string {
  if (code === null) return figure === 'caseToAssistance' ? t('dashboards.values.days.none') : t('dashboards.notRecorded');
  if (COUNTRY_FIGURES.has(figure)) return countryName(code, t.locale);
  for (const key of LABEL_KEYS[figure]?.(code) ?? []) if (t.has(key)) return t(key);
  return code.replace(/--/g, '–');
}
