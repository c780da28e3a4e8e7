import { Type } from '@sinclair/typebox';
import type { OpenCaseInput } from '../cases/index.js';
import { ageOnOpening } from '../cases/index.js';
import { loadCountries, parseDomainData, readDomainData } from '../data/domain-data.js';

/*
 * The HTCDS case template as Abri reads it: the field names, types and value lists of HTCDS v2.0 (IOM, CC BY 4.0),
 * copied in src/data/htcds-import.json, and the reading of one row into what the cases service opens. Pure: no
 * database, no request; the service adds the duplicate check and the transaction.
 */

const FieldSchema = Type.Object({
  name: Type.String({ pattern: '^(prs|vic|cas)_[A-Za-z]+$' }),
  label: Type.String(),
  type: Type.Union([Type.Literal('text'), Type.Literal('date'), Type.Literal('picklist'), Type.Literal('multiselect')]),
  target: Type.String(),
  values: Type.Optional(Type.Array(Type.String())),
  codes: Type.Optional(Type.Union([Type.Literal('iso3166'), Type.Literal('iso639')])),
});
export const HtcdsImportFileSchema = Type.Object({
  source: Type.Object({ title: Type.String(), publisher: Type.String(), repository: Type.String(), commit: Type.String(), date: Type.String() }),
  licence: Type.Literal('CC BY 4.0'),
  attribution: Type.String(),
  note: Type.String(),
  sheet: Type.String(),
  fields: Type.Array(FieldSchema, { minItems: 1 }),
});
export type HtcdsField = (typeof TEMPLATE.fields)[number];

export const TEMPLATE = parseDomainData({ name: 'htcds-import.json', text: readDomainData('htcds-import.json'), schema: HtcdsImportFileSchema });
const FIELDS = new Map(TEMPLATE.fields.map((f) => [f.name.toLowerCase(), f]));
const COUNTRIES = new Set(loadCountries().countries.map(([a2]) => a2));

/** The limits of one workbook: bigger files are refused before anything is read. */
export const MAX_ROWS = 5000;
export const MAX_BYTES = 8 * 1024 * 1024;
const MAX_TEXT = 200;

/** A cell as the workbook reader gives it: text, or a date when the cell is a date. */
export type Cell = string | Date;

/** One problem of one row: the HTCDS field and a catalog key (with its values). */
export interface RowError {
  field: string;
  key: string;
  values?: Record<string, string | number>;
}

export type RowInput = Omit<OpenCaseInput, 'officeId'>;
export type RowResult = { row: number; ok: true; input: RowInput } | { row: number; ok: false; errors: RowError[] };

/** The field of a header cell (case-insensitive), or undefined for a column the template does not have. */
export function fieldOf(header: string): HtcdsField | undefined {
  return FIELDS.get(header.trim().toLowerCase());
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dateOf(cell: Cell): string | null {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell.toISOString().slice(0, 10);
  const m = ISO_DATE.exec(cell.trim());
  if (!m) return null;
  const d = new Date(`${m[0]}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === m[0] ? m[0] : null;
}

function textOf(cell: Cell): string {
  return cell instanceof Date ? cell.toISOString().slice(0, 10) : cell.trim();
}

/** Multi-select cells hold one value per line, or values separated by ";" or ",". */
function listOf(cell: Cell): string[] {
  return textOf(cell)
    .split(/[;,\n]/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Reads one row (cells by field name) into a case to open, or says every problem of the row. */
export function readRow(rowNumber: number, cells: Map<HtcdsField, Cell>, today = new Date()): RowResult {
  const errors: RowError[] = [];
  const err = (field: HtcdsField, key: string, values?: RowError['values']) => errors.push({ field: field.name, key, ...(values ? { values } : {}) });
  const text: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  const phones: string[] = [];
  const address: string[] = [];
  const languages: string[] = [];
  for (const [field, cell] of cells) {
    const raw = textOf(cell);
    if (!raw) continue;
    if (field.type === 'date') {
      const d = dateOf(cell);
      if (!d) err(field, 'import.row.date');
      else if (d > today.toISOString().slice(0, 10)) err(field, 'import.row.future');
      else text[field.target] = d;
      continue;
    }
    const values = field.type === 'multiselect' ? listOf(cell) : [raw];
    if (raw.length > MAX_TEXT && field.type === 'text') {
      err(field, 'import.row.tooLong', { max: MAX_TEXT });
      continue;
    }
    let bad = false;
    for (const v of values) {
      if (field.values && !field.values.includes(v)) {
        err(field, 'import.row.value', { value: v.slice(0, 60) });
        bad = true;
      } else if (field.codes === 'iso3166' && !COUNTRIES.has(v.toUpperCase())) {
        err(field, 'import.row.country', { value: v.slice(0, 60) });
        bad = true;
      } else if (field.codes === 'iso639' && !/^[a-z]{2,3}$/i.test(v)) {
        err(field, 'import.row.language', { value: v.slice(0, 60) });
        bad = true;
      }
    }
    if (bad) continue;
    switch (field.target) {
      case 'phone':
        phones.push(raw);
        break;
      case 'address':
        address.push(raw);
        break;
      case 'language':
        languages.push(raw.toLowerCase());
        break;
      case 'email':
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw)) err(field, 'import.row.email');
        else text.email = raw;
        break;
      case 'recruitmentMethod':
        // Abri keeps one method of recruitment per case: more than one would be silently lost.
        if (values.length > 1) err(field, 'import.row.one');
        else text.recruitmentMethod = values[0] as string;
        break;
      case 'citizenship':
      case 'methodsOfControl':
      case 'exploitationTypes':
        lists[field.target] = [...new Set(field.codes ? values.map((v) => v.toUpperCase()) : values)];
        break;
      case 'country':
        address.push(raw.toUpperCase());
        break;
      default:
        text[field.target] = raw;
    }
  }
  if (!text.firstName && !text.lastName) {
    const first = [...cells.keys()].find((f) => f.target === 'firstName') ?? TEMPLATE.fields[0];
    if (first) err(first, 'import.row.name');
  }
  if (errors.length) return { row: rowNumber, ok: false, errors };
  const age = ageOnOpening({ birthDate: text.birthDate });
  const context = {
    ...(text.recruitmentMethod ? { recruitmentMethod: text.recruitmentMethod } : {}),
    ...(text.relationship ? { relationship: text.relationship } : {}),
    ...(lists.methodsOfControl ? { methodsOfControl: lists.methodsOfControl } : {}),
    ...(lists.exploitationTypes ? { exploitationTypes: lists.exploitationTypes } : {}),
    ...(text.industry ? { industry: text.industry } : {}),
  };
  const input: RowInput = {
    source: 'self',
    identity: {
      ...(text.firstName ? { firstName: text.firstName } : {}),
      ...(text.middleName ? { middleName: text.middleName } : {}),
      ...(text.lastName ? { lastName: text.lastName } : {}),
      ...(text.birthDate ? { birthDate: text.birthDate } : {}),
      ...(text.documentNumber ? { documents: [{ type: 'other', number: text.documentNumber }] } : {}),
      ...(languages.length ? { languages } : {}),
    },
    contact: {
      ...(phones.length ? { phones } : {}),
      ...(text.email ? { email: text.email } : {}),
      ...(address.length ? { address: address.join(', ') } : {}),
    },
    gender: text.gender ?? null,
    citizenship: lists.citizenship ?? [],
    ...(age.ageStatus ? { ageStatus: age.ageStatus } : {}),
    mayBeChild: age.mayBeChild,
    ...(Object.keys(context).length ? { context } : {}),
  };
  return { row: rowNumber, ok: true, input };
}
