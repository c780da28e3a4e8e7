import { countryOptions } from '../platform/countries.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { Choices, type FieldErrors, Form, Select, Submit, TextArea, TextField, TriState } from '../platform/views/components.js';
import { CONTROL_CODES, EXPLOITATION_CODES, PEOPLE_COUNTS, RECRUITMENT_CODES, REPORTER_ROLES } from '../reports/reports.schema.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { STAFF_CHANNELS } from './staff-intake.schema.js';

/** What the operator typed, kept when the form comes back with errors. */
export type Typed = Record<string, unknown>;

const FIELDS = [
  'channel',
  'dangerNow',
  'children',
  'description',
  'exploitation',
  'control',
  'recruitment',
  'country',
  'place',
  'preciseLocation',
  'workplace',
  'recent24h',
  'whenText',
  'peopleCount',
  'names',
  'phones',
  'reporterRole',
  'contactOk',
  'contactHow',
  'contactWhen',
  'shareAssistance',
  'sharePolice',
];

function labels(t: Translator): Record<string, string> {
  return Object.fromEntries(FIELDS.map((k) => [k, t(`channels.staff.fields.${k}`)]));
}

/**
 * The form for a call or a visit, in the order a conversation goes: safety first ("are you or someone in danger
 * now?"), then what happened, where and when, who, and last how to reach the caller safely. The same answers as
 * the public form, worded for the operator to ask aloud.
 */
export function StaffReportForm(props: { t: Translator; csrf: string; errors?: FieldErrors | undefined; raw?: Typed | undefined }) {
  const { t, errors } = props;
  const raw = props.raw ?? {};
  const v = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
  const many = (k: string) => (Array.isArray(raw[k]) ? (raw[k] as string[]) : typeof raw[k] === 'string' ? [raw[k] as string] : []);
  const yesNo = [
    { value: 'yes', label: t('forms.yes') },
    { value: 'no', label: t('forms.no') },
  ];
  const f = (k: string) => t(`channels.staff.fields.${k}`);
  const h = (k: string) => t(`channels.staff.hints.${k}`);
  return (
    <Form t={t} action="/staff/reports/new" csrf={props.csrf} errors={errors} labels={labels(t)} hasRequired id="staff-report-form" class="form report-form">
      <Choices
        t={t}
        name="channel"
        inline
        label={f('channel')}
        options={STAFF_CHANNELS.map((c) => ({ value: c, label: t(`channels.channel.${c}`) }))}
        value={v('channel')}
        required
        error={errors?.channel}
      />

      <section class="report-section danger-box" aria-labelledby="s-safety">
        <h2 id="s-safety">{t('channels.staff.sections.safety')}</h2>
        <TriState t={t} name="dangerNow" label={f('dangerNow')} hint={h('dangerNow')} value={v('dangerNow')} required error={errors?.dangerNow} />
        <TriState t={t} name="children" label={f('children')} value={v('children')} required error={errors?.children} />
      </section>

      <section class="report-section" aria-labelledby="s-what">
        <h2 id="s-what">{t('channels.staff.sections.what')}</h2>
        <TextArea
          t={t}
          name="description"
          label={f('description')}
          hint={h('description')}
          value={v('description')}
          rows={7}
          maxLength={10000}
          required
          error={errors?.description}
        />
        <Choices
          t={t}
          name="exploitation"
          multiple
          label={f('exploitation')}
          options={EXPLOITATION_CODES.map((c) => ({ value: c, label: t(`reports.exploitation.${c}`) }))}
          value={many('exploitation')}
          error={errors?.exploitation}
        />
        <Choices
          t={t}
          name="control"
          multiple
          label={f('control')}
          options={CONTROL_CODES.map((c) => ({ value: c, label: t(`reports.control.${c}`) }))}
          value={many('control')}
          error={errors?.control}
        />
        <Choices
          t={t}
          name="recruitment"
          multiple
          label={f('recruitment')}
          options={RECRUITMENT_CODES.map((c) => ({ value: c, label: t(`reports.recruitment.${c}`) }))}
          value={many('recruitment')}
          error={errors?.recruitment}
        />
      </section>

      <section class="report-section" aria-labelledby="s-where">
        <h2 id="s-where">{t('channels.staff.sections.where')}</h2>
        <Select
          t={t}
          name="country"
          label={f('country')}
          options={[{ value: 'unknown', label: t('reports.form.country.unknown') }, ...countryOptions(t.locale)]}
          value={v('country')}
          emptyLabel={t('forms.choose')}
          error={errors?.country}
        />
        <TextField t={t} name="place" label={f('place')} value={v('place')} maxLength={200} error={errors?.place} />
        <TextField t={t} name="preciseLocation" label={f('preciseLocation')} value={v('preciseLocation')} maxLength={300} error={errors?.preciseLocation} />
        <TextField t={t} name="workplace" label={f('workplace')} value={v('workplace')} maxLength={200} error={errors?.workplace} />
        <TriState t={t} name="recent24h" label={f('recent24h')} value={v('recent24h')} required error={errors?.recent24h} />
        <TextField t={t} name="whenText" label={f('whenText')} value={v('whenText')} maxLength={200} error={errors?.whenText} />
      </section>

      <section class="report-section" aria-labelledby="s-who">
        <h2 id="s-who">{t('channels.staff.sections.who')}</h2>
        <Choices
          t={t}
          name="peopleCount"
          inline
          label={f('peopleCount')}
          options={PEOPLE_COUNTS.map((c) => ({ value: c, label: t(`reports.people.${c}`) }))}
          value={v('peopleCount')}
          required
          error={errors?.peopleCount}
        />
        <TextArea
          t={t}
          name="names"
          label={f('names')}
          hint={t('reports.form.names.hint')}
          value={v('names')}
          rows={3}
          maxLength={1000}
          error={errors?.names}
        />
        <TextField t={t} name="phones" type="tel" label={f('phones')} value={v('phones')} maxLength={300} dir="ltr" error={errors?.phones} />
        <Choices
          t={t}
          name="reporterRole"
          label={f('reporterRole')}
          options={REPORTER_ROLES.map((r) => ({ value: r, label: t(`reports.roles.${r}`) }))}
          value={v('reporterRole')}
          required
          error={errors?.reporterRole}
        />
      </section>

      <section class="report-section" aria-labelledby="s-contact">
        <h2 id="s-contact">{t('channels.staff.sections.contact')}</h2>
        <Choices t={t} name="contactOk" inline label={f('contactOk')} options={yesNo} value={v('contactOk')} required error={errors?.contactOk} />
        <TextField t={t} name="contactHow" label={f('contactHow')} hint={h('contactHow')} value={v('contactHow')} maxLength={300} error={errors?.contactHow} />
        <TextField
          t={t}
          name="contactWhen"
          label={f('contactWhen')}
          hint={h('contactWhen')}
          value={v('contactWhen')}
          maxLength={300}
          error={errors?.contactWhen}
        />
        <Choices
          t={t}
          name="shareAssistance"
          inline
          label={f('shareAssistance')}
          options={yesNo}
          value={v('shareAssistance')}
          required
          error={errors?.shareAssistance}
        />
        <Choices t={t} name="sharePolice" inline label={f('sharePolice')} options={yesNo} value={v('sharePolice')} required error={errors?.sharePolice} />
      </section>
      <Submit label={t('channels.staff.submit')} />
    </Form>
  );
}

/** After the report is stored: the code to read back to the caller, shown once (not in a URL, not stored). */
export function StaffReceipt(props: { t: Translator; code: string; reportId: string }) {
  const { t } = props;
  return (
    <>
      <div class="receipt">
        <p class="receipt-label">{t('channels.staff.receipt.codeLabel')}</p>
        <p class="receipt-code" dir="ltr" lang="en" data-receipt-code>
          {props.code.replace(/(\d{4})(?=\d)/g, '$1 ')}
        </p>
      </div>
      <ul>
        <li>{t('channels.staff.receipt.readBack')}</li>
        <li>{t('channels.staff.receipt.once')}</li>
        <li>{t('channels.staff.receipt.followUp')}</li>
      </ul>
      <p>
        <a class="button" href={`/staff/reports/${props.reportId}`}>
          {t('channels.staff.receipt.open')}
        </a>{' '}
        <a class="button button-secondary" href="/staff/reports/new">
          {t('channels.staff.receipt.another')}
        </a>
      </p>
    </>
  );
}

type PageLayout = Omit<LayoutProps, 'children'>;

/** The whole page: the form, or the receipt once the report is stored. */
export function StaffReportPage(props: {
  layout: PageLayout;
  csrf: string;
  errors?: FieldErrors | undefined;
  raw?: Typed | undefined;
  receipt?: { code: string; reportId: string };
}) {
  const t = props.layout.t;
  return (
    <Layout {...props.layout}>
      <p>
        <a href="/staff/reports">{t('reports.triage.backToQueue')}</a>
      </p>
      <h1>{props.receipt ? t('channels.staff.receipt.title') : t('channels.staff.title')}</h1>
      {props.receipt ? (
        <StaffReceipt t={t} code={props.receipt.code} reportId={props.receipt.reportId} />
      ) : (
        <>
          <p class="lead">{t('channels.staff.lead')}</p>
          <StaffReportForm t={t} csrf={props.csrf} errors={props.errors} raw={props.raw} />
        </>
      )}
    </Layout>
  );
}
