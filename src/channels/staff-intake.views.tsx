import { countryOptions } from '../platform/countries.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { Choices, type FieldErrors, Form, Select, Submit, TextArea } from '../platform/views/components.js';
import { reportFields, typedReport } from '../reports/report-fields.views.js';
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

/** The questions whose wording carries an operator's hint (the names' hint is the public form's). */
const HINTED = new Set(['dangerNow', 'contactHow', 'contactWhen']);

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
  const { v } = typedReport(raw);
  const f = (k: string) => t(`channels.staff.fields.${k}`);
  const h = (k: string) => t(`channels.staff.hints.${k}`);
  const field = reportFields({
    t,
    errors,
    raw,
    label: f,
    hint: (k) => (k === 'names' ? t('reports.form.names.hint') : HINTED.has(k) ? h(k) : undefined),
    required: true,
  });
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
        {field.dangerNow}
        {field.children}
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
        {field.exploitation}
        {field.control}
        {field.recruitment}
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
        {field.place}
        {field.preciseLocation}
        {field.workplace}
        {field.recent24h}
        {field.whenText}
      </section>

      <section class="report-section" aria-labelledby="s-who">
        <h2 id="s-who">{t('channels.staff.sections.who')}</h2>
        {field.peopleCount}
        {field.names}
        {field.phones}
        {field.reporterRole}
      </section>

      <section class="report-section" aria-labelledby="s-contact">
        <h2 id="s-contact">{t('channels.staff.sections.contact')}</h2>
        {field.contactOk}
        {field.contactHow}
        {field.contactWhen}
        {field.shareAssistance}
        {field.sharePolice}
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
