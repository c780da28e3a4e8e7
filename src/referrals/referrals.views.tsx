import type { CaseReferralsModel, OutgoingReferral } from './referrals.service.js';
import type { FormProblem } from '../platform/http/form-action.js';
import { listSeparator, type Translator } from '../platform/i18n/i18n.js';
import { countryName } from '../platform/countries.js';
import { fieldsOf, ProblemNote, problemOf } from '../platform/views/form-problem.js';
import { ActionButton, Choices, type FieldErrors, Form, Select, Submit, SummaryList, Table, TextArea, TextField } from '../platform/views/components.js';
import {
  DEFAULT_GRANT,
  GRANTABLE_FIELDS,
  type GrantableField,
  REFERRAL_REASONS,
  REFERRAL_SERVICES,
  REVOKE_REASONS,
} from './referrals.schema.js';
import { peopleRows } from './people.views.js';

/** Refusals of a referral that belong on the form (consent, override, medical consent), with the field they concern. */
const FORM_REFUSALS: Record<string, string> = {
  CONSENT_REQUIRED: 'organisationId',
  OVERRIDE_REASON_REQUIRED: 'overrideReason',
  MEDICAL_CONSENT_REQUIRED: 'medicalNotes',
  FORBIDDEN: 'overrideReason',
};

/** Whether a refusal of the referral form is one that belongs on one of its fields (the 403 of an override too). */
export function isReferralFormRefusal(e: { code: string; messageKey: string }): boolean {
  return FORM_REFUSALS[e.code] !== undefined && (e.code !== 'FORBIDDEN' || e.messageKey === 'cases.consent.overrideForbidden');
}

/** The referral form's errors: its field errors, or a refusal on the field it concerns. */
function referErrors(problem: FormProblem | undefined): FieldErrors | undefined {
  const refusal = problem?.refusal;
  if (refusal && isReferralFormRefusal(refusal)) return { [FORM_REFUSALS[refusal.code] as string]: refusal.messageKey };
  return problem?.errors;
}

/** Joins a short list with the locale's separator (the Arabic comma in Arabic). */
function listOf(t: Translator, items: string[]): string {
  return items.join(listSeparator(t.locale));
}

function languageName(names: Intl.DisplayNames, code: string): string {
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** A granted value as the partner reads it. */
export function grantValue(t: Translator, field: GrantableField, value: string | string[] | undefined): string {
  if (value === undefined || value === '') return t('referrals.notRecorded');
  if (field === 'ageBand') return t(`referrals.ageBands.${String(value)}`);
  if (field === 'citizenship') return listOf(t, (value as string[]).map((c) => countryName(c, t.locale)));
  if (field === 'languages') {
    const names = new Intl.DisplayNames([t.locale], { type: 'language', fallback: 'code' });
    return listOf(t, (value as string[]).map((l) => languageName(names, l)));
  }
  if (field === 'gender') return t.has(`referrals.genders.${String(value)}`) ? t(`referrals.genders.${String(value)}`) : String(value);
  return Array.isArray(value) ? listOf(t, value) : value;
}

export function StatusBadge(props: { t: Translator; status: string }) {
  return <span class={`badge referral-${props.status}`}>{props.t(`referrals.status.${props.status}`)}</span>;
}

export function serviceOptions(t: Translator) {
  return REFERRAL_SERVICES.map((v) => ({ value: v, label: t(`plans.types.${v}`) }));
}

function reasonOptions(t: Translator) {
  return REFERRAL_REASONS.map((v) => ({ value: v, label: t(`referrals.reasons.${v}`) }));
}

/** A form that posts one choice of reason with the version, on one line (revoke, decline). */
export function ReasonButton(props: { t: Translator; csrf: string; action: string; version: number; id: string; label: string; reasons: readonly string[]; reasonKey: string; button: string }) {
  const { t } = props;
  return (
    <form method="post" action={props.action} class="inline-form">
      <input type="hidden" name="_csrf" value={props.csrf} />
      <input type="hidden" name="version" value={String(props.version)} />
      <label for={props.id}>{props.label}</label>{' '}
      <select id={props.id} name="reason" class="input input-medium">
        {props.reasons.map((v) => (
          <option value={v}>{t(`${props.reasonKey}.${v}`)}</option>
        ))}
      </select>{' '}
      <button type="submit" class="button button-danger">
        {props.button}
      </button>
    </form>
  );
}

function optional(label: string, value: unknown, shown: string | preact.JSX.Element): Array<[string, string | preact.JSX.Element]> {
  return value ? [[label, shown]] : [];
}

function OutgoingCard(props: { t: Translator; csrf: string; base: string; r: OutgoingReferral }) {
  const { t, r } = props;
  return (
    <article class="card referral-card">
      <h3>
        {r.organisationName} · {t(`plans.types.${r.service}`)} <StatusBadge t={t} status={r.status} />
        {r.followUpDue ? (
          <>
            {' '}
            <span class="badge badge-high">{t('referrals.followUpDue')}</span>
          </>
        ) : null}
      </h3>
      <SummaryList
        items={[
          [t('referrals.reference'), <span dir="ltr">{r.reference}</span>],
          [t('referrals.date'), t.date(r.referralDate)],
          [t('referrals.form.reason'), t(`referrals.reasons.${r.reason}`)],
          [t('referrals.granted'), listOf(t, r.fields.map((f) => t(`referrals.fields.${f}`)))],
          ...optional(t('referrals.form.details'), r.details, <span dir="auto">{r.details}</span>),
          ...optional(t('referrals.consent'), r.consentOverridden, t('referrals.overridden')),
          ...optional(t('referrals.declineReason'), r.declineReason, t(`referrals.declineReasons.${r.declineReason}`)),
          ...optional(t('referrals.revokeReason'), r.endReason, t(`referrals.revokeReasons.${r.endReason}`)),
          ...peopleRows(t, r.people),
        ]}
      />
      <p>
        <a href={`${props.base}/${r.id}#thread`}>{t('referralThread.open')}</a>
      </p>
      <details>
        <summary>{t('referrals.whatPartnerSees')}</summary>
        <SummaryList items={r.fields.map((f) => [t(`referrals.fields.${f}`), <span dir="auto">{grantValue(t, f, r.grant[f])}</span>])} />
      </details>
      {r.status === 'accepted' ? (
        <ActionButton action={`${props.base}/${r.id}/complete`} csrf={props.csrf} label={t('referrals.complete')} fields={{ version: String(r.version) }} />
      ) : null}
      {r.status === 'pending' || r.status === 'accepted' ? (
        <ReasonButton
          t={t}
          csrf={props.csrf}
          action={`${props.base}/${r.id}/revoke`}
          version={r.version}
          id={`revoke-${r.id}`}
          label={t('referrals.revokeReason')}
          reasons={REVOKE_REASONS}
          reasonKey="referrals.revokeReasons"
          button={t('referrals.revoke')}
        />
      ) : null}
    </article>
  );
}

function ReferForm(props: { t: Translator; csrf: string; base: string; model: CaseReferralsModel; problem?: FormProblem | undefined }) {
  const { t, model, problem } = props;
  const labels = {
    organisationId: t('referrals.form.organisation'),
    service: t('referrals.form.service'),
    reason: t('referrals.form.reason'),
    details: t('referrals.form.details'),
    fields: t('referrals.form.fields'),
    needsSummary: t('referrals.fields.needsSummary'),
    safeContact: t('referrals.fields.safeContact'),
    medicalNotes: t('referrals.fields.medicalNotes'),
    overrideReason: t('referrals.form.overrideReason'),
    contactId: t('referralThread.form.contact'),
    respondBy: t('referralThread.form.respondBy'),
  };
  const errors = referErrors(problem);
  const field = fieldsOf(t, { labels, problem, errors });
  const typed = problem?.raw.fields;
  const chosen = problem ? (Array.isArray(typed) ? (typed as string[]) : typed ? [String(typed)] : []) : DEFAULT_GRANT;
  return (
    <Form t={t} id="refer-form" action={props.base} csrf={props.csrf} errors={errors} labels={labels} hasRequired>
      {problem?.refusal?.code === 'CONSENT_REQUIRED' ? (
        <p class="field-help" id="consent-link">
          <a href={props.base.replace(/\/referrals$/, '/consent')}>{t('caseStory.referral.recordConsent')}</a>
        </p>
      ) : null}
      <Select
        {...field('organisationId')}
        options={model.partners.map((p) => ({ value: p.id, label: p.city ? `${p.name} (${p.city})` : p.name }))}
        emptyLabel={t('forms.choose')}
        required
      />
      <Select {...field('service')} options={serviceOptions(t)} emptyLabel={t('forms.choose')} required />
      <Select {...field('reason', 'AdditionalServicesRequired')} options={reasonOptions(t)} required />
      <TextArea {...field('details')} hint={t('referrals.form.detailsHint')} rows={3} maxLength={2000} />
      <Choices
        {...field('fields')}
        multiple
        hint={t('referrals.form.fieldsHint')}
        options={GRANTABLE_FIELDS.map((f) => ({ value: f, label: t(`referrals.fields.${f}`) }))}
        value={chosen}
        required
      />
      <TextArea {...field('needsSummary')} hint={t('referrals.form.needsHint')} rows={3} maxLength={1000} />
      <TextArea {...field('safeContact', model.safeContact)} hint={t('referrals.form.safeContactHint')} rows={2} maxLength={500} />
      <TextArea {...field('medicalNotes')} hint={t('referrals.form.medicalHint')} rows={2} maxLength={1000} />
      {model.canOverride ? <TextArea {...field('overrideReason')} hint={t('referrals.form.overrideHint')} rows={2} maxLength={1000} /> : null}
      <Select
        {...field('contactId')}
        hint={t('referralThread.form.contactHint')}
        emptyLabel={t('referralThread.form.me')}
        options={model.contacts.filter((c) => c.id !== model.userId).map((c) => ({ value: c.id, label: c.name }))}
      />
      <TextField {...field('respondBy', model.defaultRespondBy)} type="date" width="medium" hint={t('referralThread.form.respondByHint')} />
      <Submit label={t('referrals.form.submit')} />
    </Form>
  );
}

/** A case's referrals tab: outgoing referrals with their actions, the referral form, and the incoming referrals. */
export function CaseReferralsView(props: { t: Translator; csrf: string; caseId: string; model: CaseReferralsModel; problem?: FormProblem | undefined }) {
  const { t, model } = props;
  const base = `/staff/cases/${props.caseId}/referrals`;
  const refer = problemOf(props.problem, 'refer');
  return (
    <>
      <ProblemNote t={t} problem={refer ? undefined : props.problem} />
      <section aria-labelledby="outgoing-h">
        <h2 id="outgoing-h">{t('referrals.outgoing')}</h2>
        {model.outgoing.length === 0 ? <p class="empty">{t('referrals.noneOutgoing')}</p> : null}
        {model.outgoing.map((r) => (
          <OutgoingCard t={t} csrf={props.csrf} base={base} r={r} />
        ))}
        <details class="card" open={refer !== undefined || model.outgoing.length === 0}>
          <summary>{t('referrals.form.title')}</summary>
          <p class="hint">{t('referrals.form.consentHint')}</p>
          <ProblemNote t={t} problem={refer} onFields={!refer?.refusal || isReferralFormRefusal(refer.refusal)} />
          <ReferForm t={t} csrf={props.csrf} base={base} model={model} problem={refer} />
        </details>
      </section>
      <section aria-labelledby="incoming-h">
        <h2 id="incoming-h">{t('referrals.incoming.title')}</h2>
        <Table
          caption={t('referrals.incoming.title')}
          head={[t('referrals.incoming.organisation'), t('referrals.incoming.date'), t('referrals.form.reason'), t('referrals.incoming.details')]}
          rows={model.incoming.map((r) => [r.organisationName, t.date(r.referralDate), t(`referrals.reasons.${r.reason}`), <span dir="auto">{r.details ?? '—'}</span>])}
          empty={t('referrals.incoming.none')}
        />
        <p>
          <a class="button button-secondary" href={`${base}/incoming`}>
            {t('referrals.incoming.add')}
          </a>
        </p>
      </section>
    </>
  );
}

/** The form to record a referral received (its own page: its fields share names with the referral form). */
export function IncomingReferralView(props: { t: Translator; csrf: string; caseId: string; today: string; organisations: Array<{ id: string; name: string }>; problem?: FormProblem | undefined }) {
  const { t, problem } = props;
  const base = `/staff/cases/${props.caseId}/referrals`;
  const labels = {
    organisationId: t('referrals.incoming.organisation'),
    referralDate: t('referrals.incoming.date'),
    reason: t('referrals.form.reason'),
    service: t('referrals.form.service'),
    details: t('referrals.incoming.details'),
  };
  const field = fieldsOf(t, { labels, problem });
  return (
    <>
      <p>
        <a href={base}>{t('referrals.incoming.back')}</a>
      </p>
      <ProblemNote t={t} problem={problem} onFields={!problem?.refusal} />
      <Form t={t} id="incoming-form" action={`${base}/incoming`} csrf={props.csrf} errors={problem?.errors} labels={labels} hasRequired>
        <Select {...field('organisationId')} options={props.organisations.map((o) => ({ value: o.id, label: o.name }))} emptyLabel={t('forms.choose')} required />
        <TextField {...field('referralDate', props.today)} type="date" width="medium" required />
        <Select {...field('reason', 'AdditionalServicesRequired')} options={reasonOptions(t)} required />
        <Select {...field('service')} options={serviceOptions(t)} emptyLabel={t('forms.none')} />
        <TextArea {...field('details')} rows={3} maxLength={2000} />
        <Submit label={t('referrals.incoming.add')} />
      </Form>
    </>
  );
}
