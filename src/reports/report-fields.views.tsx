import type { Translator } from '../platform/i18n/i18n.js';
import { Choices, type FieldErrors, TextArea, TextField, TriState } from '../platform/views/components.js';
import { CONTROL_CODES, EXPLOITATION_CODES, PEOPLE_COUNTS, RECRUITMENT_CODES, REPORTER_ROLES } from './indicators.js';

/*
 * The questions of a report, asked by two forms: the public one (reports/report-form.views.tsx) and the operator's
 * for a call or a visit (channels/staff-intake.views.tsx). Both send the same fields to the same schema; each form
 * words them its own way (labels, hints), says which answers it requires, and puts them in its own order.
 */

/** How a form words the report's questions. */
export interface ReportWording {
  t: Translator;
  errors?: FieldErrors | undefined;
  /** What was typed, kept when the form comes back with errors. */
  raw: Record<string, unknown>;
  label: (field: string) => string;
  hint: (field: string) => string | undefined;
  /** The answers an operator must ask for (danger, children, recency, how many, who, contact and sharing). */
  required: boolean;
}

/** What was typed in a field: one value, or the ticked values of a group of checkboxes. */
export function typedReport(raw: Record<string, unknown>) {
  return {
    v: (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined),
    many: (k: string) => (Array.isArray(raw[k]) ? (raw[k] as string[]) : typeof raw[k] === 'string' ? [raw[k] as string] : []),
  };
}

/** The report's questions, each one field, for the form to place where it asks them. */
export function reportFields(w: ReportWording) {
  const { t, errors, label, hint } = w;
  const { v, many } = typedReport(w.raw);
  const required = w.required || undefined;
  const yesNo = [
    { value: 'yes', label: t('forms.yes') },
    { value: 'no', label: t('forms.no') },
  ];
  const tri = (name: string) => <TriState t={t} name={name} label={label(name)} hint={hint(name)} value={v(name)} required={required} error={errors?.[name]} />;
  const text = (name: string, maxLength: number) => (
    <TextField t={t} name={name} label={label(name)} hint={hint(name)} value={v(name)} maxLength={maxLength} error={errors?.[name]} />
  );
  const codes = (name: string, list: readonly string[], prefix: string) => (
    <Choices
      t={t}
      name={name}
      multiple
      label={label(name)}
      hint={hint(name)}
      options={list.map((c) => ({ value: c, label: t(`${prefix}.${c}`) }))}
      value={many(name)}
      error={errors?.[name]}
    />
  );
  const yesOrNo = (name: string) => (
    <Choices t={t} name={name} inline label={label(name)} hint={hint(name)} options={yesNo} value={v(name)} required={required} error={errors?.[name]} />
  );
  return {
    dangerNow: tri('dangerNow'),
    children: tri('children'),
    recent24h: tri('recent24h'),
    exploitation: codes('exploitation', EXPLOITATION_CODES, 'reports.exploitation'),
    control: codes('control', CONTROL_CODES, 'reports.control'),
    recruitment: codes('recruitment', RECRUITMENT_CODES, 'reports.recruitment'),
    place: text('place', 200),
    preciseLocation: text('preciseLocation', 300),
    workplace: text('workplace', 200),
    whenText: text('whenText', 200),
    peopleCount: (
      <Choices
        t={t}
        name="peopleCount"
        inline
        label={label('peopleCount')}
        options={PEOPLE_COUNTS.map((c) => ({ value: c, label: t(`reports.people.${c}`) }))}
        value={v('peopleCount')}
        required={required}
        error={errors?.peopleCount}
      />
    ),
    names: <TextArea t={t} name="names" label={label('names')} hint={hint('names')} value={v('names')} rows={3} maxLength={1000} error={errors?.names} />,
    phones: (
      <TextField
        t={t}
        name="phones"
        type="tel"
        label={label('phones')}
        hint={hint('phones')}
        value={v('phones')}
        maxLength={300}
        dir="ltr"
        error={errors?.phones}
      />
    ),
    reporterRole: (
      <Choices
        t={t}
        name="reporterRole"
        label={label('reporterRole')}
        options={REPORTER_ROLES.map((r) => ({ value: r, label: t(`reports.roles.${r}`) }))}
        value={v('reporterRole')}
        required={required}
        error={errors?.reporterRole}
      />
    ),
    contactOk: yesOrNo('contactOk'),
    contactHow: text('contactHow', 300),
    contactWhen: text('contactWhen', 300),
    shareAssistance: yesOrNo('shareAssistance'),
    sharePolice: yesOrNo('sharePolice'),
  };
}
