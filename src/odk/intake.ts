import { type ConsentPurpose, DIMENSIONS, type FieldIntake, type ListId } from '../cases/index.js';
import { parseForm } from '../platform/http/forms.js';
import { ReportBody, type ReportInput } from '../reports/index.js';
import { FIELD_CONSENTS, indicatorField, SCREENING_FORM_ID } from './forms/screening.form.js';
import { REPORT_FORM_ID, reportPaths } from './forms/report.form.js';
import { type FormDefinition, fieldsOf } from './xform.js';
import { at, type XmlElement } from './xml.js';

export type Answers = Map<string, string | string[]>;

/**
 * Reads an instance against the definition it was generated from: every answer must be one the form allows
 * (a listed choice, a length, a pattern, a number in range, a date), whatever the device claims. Returns the
 * answers by path and the paths that were refused.
 */
export function readInstance(def: FormDefinition, root: XmlElement): { answers: Answers; invalid: string[] } {
  const answers: Answers = new Map();
  const invalid: string[] = [];
  for (const { path, field } of fieldsOf(def)) {
    const el = at(root, ...path.split('/').slice(2));
    const raw = el?.text.trim() ?? '';
    if (raw === '') continue;
    if (raw.includes('\u0000')) {
      invalid.push(path);
      continue;
    }
    const allowed = new Set((field.choices ?? []).map((c) => c.value));
    if (field.kind === 'select') {
      const values = [...new Set(raw.split(/\s+/))];
      if (values.some((v) => !allowed.has(v))) invalid.push(path);
      else answers.set(path, values);
      continue;
    }
    if (field.kind === 'select1' && !allowed.has(raw)) invalid.push(path);
    else if (field.maxLength && raw.length > field.maxLength) invalid.push(path);
    else if (field.minLength && raw.length < field.minLength) invalid.push(path);
    else if (field.pattern && !new RegExp(field.pattern).test(raw)) invalid.push(path);
    else if (
      field.kind === 'int' &&
      (!/^-?\d{1,6}$/.test(raw) || (field.min !== undefined && Number(raw) < field.min) || (field.max !== undefined && Number(raw) > field.max))
    )
      invalid.push(path);
    else if (field.kind === 'date' && (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(raw)))) invalid.push(path);
    else answers.set(path, raw);
  }
  return { answers, invalid };
}

const one = (a: Answers, p: string) => {
  const v = a.get(p);
  return typeof v === 'string' ? v : undefined;
};
const many = (a: Answers, p: string) => {
  const v = a.get(p);
  return Array.isArray(v) ? v : [];
};

/** The screening interview's answers as a field intake for case management (the caller adds office and device). */
export function screeningIntake(
  a: Answers,
): { ok: true; value: Omit<FieldIntake, 'officeId' | 'deviceId'>; caseNumber: string | undefined } | { ok: false; invalid: string[] } {
  const missing = FIELD_CONSENTS.filter((p) => !one(a, `/data/consent/${p}`)).map((p) => `/data/consent/${p}`);
  const child = one(a, '/data/person/may_be_child');
  if (!child) missing.push('/data/person/may_be_child');
  const consentScreening = one(a, '/data/consent/screening') === 'yes';
  const exploitation = one(a, '/data/screening/exploitation') as 'labour' | 'sexual' | undefined;
  if (consentScreening && !exploitation) missing.push('/data/screening/exploitation');
  if (missing.length) return { ok: false, invalid: missing };
  const mayBeChild = child !== 'no';
  const first = one(a, '/data/person/first_name');
  const last = one(a, '/data/person/last_name');
  const birth = one(a, '/data/person/birth_date');
  const age = one(a, '/data/person/estimated_age');
  const languages = one(a, '/data/person/languages');
  const phone = one(a, '/data/person/phone');
  const citizenship = one(a, '/data/person/citizenship');
  let screening: FieldIntake['screening'];
  if (consentScreening && exploitation) {
    const list: ListId = `${mayBeChild ? 'children' : 'adults'}${exploitation === 'sexual' ? 'Sexual' : 'Labour'}`;
    const indicators = DIMENSIONS.flatMap((_d, i) => many(a, `/data/screening/${indicatorField(list, i)}`));
    const notes = one(a, '/data/screening/notes');
    screening = {
      exploitation,
      acts: many(a, '/data/screening/acts'),
      means: many(a, '/data/screening/means'),
      purposes: many(a, '/data/screening/purposes'),
      indicators,
      ...(notes ? { notes } : {}),
    };
  }
  return {
    ok: true,
    caseNumber: one(a, '/data/person/case_number'),
    value: {
      identity: {
        ...(first ? { firstName: first } : {}),
        ...(last ? { lastName: last } : {}),
        ...(birth ? { birthDate: birth } : {}),
        ...(age ? { estimatedAge: Number(age) } : {}),
        ...(languages
          ? {
              languages: languages
                .split(',')
                .map((l) => l.trim())
                .filter(Boolean)
                .slice(0, 10),
            }
          : {}),
      },
      contact: phone ? { phones: [phone] } : {},
      gender: one(a, '/data/person/gender') ?? null,
      citizenship: citizenship ? [citizenship] : [],
      mayBeChild,
      consents: FIELD_CONSENTS.map((p) => ({ purpose: p as ConsentPurpose, given: one(a, `/data/consent/${p}`) === 'yes' })),
      ...(screening ? { screening } : {}),
    },
  };
}

/** The report form's answers as the web form's body, checked by the same schema (reports.schema.ts ReportBody). */
export function reportIntake(def: FormDefinition, a: Answers): { ok: true; value: ReportInput } | { ok: false; invalid: string[] } {
  const body: Record<string, string | string[]> = {};
  for (const p of reportPaths(def)) {
    const v = a.get(`/data/${p.path}`);
    if (v !== undefined) body[p.name] = v;
    else if (p.multiple) body[p.name] = [];
  }
  const parsed = parseForm(ReportBody, body);
  if (!parsed.ok) return { ok: false, invalid: Object.keys(parsed.errors) };
  return { ok: true, value: parsed.value };
}

export const FORM_IDS = { screening: SCREENING_FORM_ID, report: REPORT_FORM_ID } as const;
