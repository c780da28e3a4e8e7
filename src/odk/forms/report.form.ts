import type { TSchema } from '@sinclair/typebox';
import { COUNTRY_CODES, countryName } from '../../platform/countries.js';
import { ReportBody } from '../../reports/index.js';
import { type Choice, type Field, type FormDefinition, type Group, key } from '../xform.js';

export const REPORT_FORM_ID = 'abri-report';

/** The sections of the public report page, by the fields they hold; a field added to ReportBody joins the last one. */
const SECTIONS: Array<{ name: string; label: string; fields: string[] }> = [
  { name: 'who', label: 'reports.form.sections.who', fields: ['reporterRole'] },
  { name: 'what', label: 'reports.form.sections.what', fields: ['exploitation', 'control', 'recruitment'] },
  { name: 'urgency', label: 'reports.form.sections.urgency', fields: ['dangerNow', 'recent24h', 'children', 'peopleCount', 'whenText'] },
  { name: 'where', label: 'reports.form.sections.where', fields: ['country', 'place', 'preciseLocation', 'workplace'] },
  { name: 'details', label: 'reports.form.sections.details', fields: ['description', 'names', 'phones'] },
  { name: 'consent', label: 'reports.form.sections.consent', fields: ['contactOk', 'contactHow', 'contactWhen', 'shareAssistance', 'sharePolice'] },
];

/** The catalog prefix of each value list's labels, as the report page uses them. */
const CHOICE_PREFIX: Record<string, string> = {
  reporterRole: 'reports.roles',
  exploitation: 'reports.exploitation',
  control: 'reports.control',
  recruitment: 'reports.recruitment',
  peopleCount: 'reports.people',
};

const literals = (s: TSchema | undefined): string[] | undefined =>
  s && Array.isArray(s.anyOf) && s.anyOf.every((x: TSchema) => typeof x.const === 'string') ? s.anyOf.map((x: TSchema) => x.const as string) : undefined;

function choicesFor(name: string, values: string[]): Choice[] {
  const prefix = CHOICE_PREFIX[name];
  if (prefix) return values.map((v) => ({ value: v, label: key(`${prefix}.${v}`) }));
  if (values.join() === 'yes,no,unknown') return values.map((v) => ({ value: v, label: key(`reports.tri.${v}`) }));
  if (values.join() === 'yes,no') return values.map((v) => ({ value: v, label: key(`forms.${v}`) }));
  return values.map((v) => ({ value: v, label: () => v }));
}

const hintOf = (name: string) => (t: Parameters<Field['label']>[0]) => (t.has(`reports.form.${name}.hint`) ? t(`reports.form.${name}.hint`) : '');

/** One question of the report form, from the property of ReportBody it fills. */
function fieldFor(name: string, schema: TSchema, required: boolean): Field {
  const base = { name, label: key(`reports.form.${name}.label`), hint: hintOf(name), required };
  if (name === 'country') {
    const choices: Choice[] = [
      { value: 'unknown', label: key('reports.form.country.unknown') },
      ...COUNTRY_CODES.map((c) => ({ value: c, label: (t: Parameters<Field['label']>[0]) => countryName(c, t.locale) })),
    ];
    return { ...base, kind: 'select1', choices };
  }
  const one = literals(schema);
  if (one) return { ...base, kind: 'select1', choices: choicesFor(name, one) };
  if (schema.type === 'array') return { ...base, kind: 'select', required: false, choices: choicesFor(name, literals(schema.items) ?? []) };
  return {
    ...base,
    kind: (schema.maxLength ?? 0) >= 1000 ? 'longtext' : 'text',
    ...(schema.maxLength ? { maxLength: schema.maxLength } : {}),
    ...(schema.minLength ? { minLength: schema.minLength } : {}),
    ...(schema.pattern ? { pattern: schema.pattern } : {}),
  };
}

/** Generated from reports.schema.ts ReportBody (the web form's own schema) and the report page's catalog keys. */
export function reportForm(): FormDefinition {
  const props = ReportBody.properties as Record<string, TSchema>;
  const required = new Set<string>(ReportBody.required ?? []);
  const placed = new Set(SECTIONS.flatMap((s) => s.fields));
  const sections = SECTIONS.map((s, i) => ({
    ...s,
    fields: [...s.fields.filter((f) => f in props), ...(i === SECTIONS.length - 1 ? Object.keys(props).filter((f) => !placed.has(f)) : [])],
  }));
  const children: Group[] = sections.map((s) => ({
    kind: 'group',
    name: s.name,
    label: key(s.label),
    children: s.fields.map((f) => fieldFor(f, props[f] as TSchema, required.has(f))),
  }));
  return { id: REPORT_FORM_ID, title: key('odk.form.reportTitle'), children };
}

/** Where each ReportBody property sits in the instance, for reading a submission back. */
export function reportPaths(def: FormDefinition): Array<{ name: string; path: string; multiple: boolean }> {
  return def.children.flatMap((g) =>
    g.kind === 'group' ? g.children.map((f) => ({ name: f.name, path: `${g.name}/${f.name}`, multiple: f.kind === 'select' })) : [],
  );
}
