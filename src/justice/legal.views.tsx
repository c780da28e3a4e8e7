import type { FormProblem } from '../platform/http/form-action.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { Form, Select, Submit, Table, TextArea, TextField } from '../platform/views/components.js';
import { fieldsOf, ProblemNote, problemOf } from '../platform/views/form-problem.js';
import type { LegalPageModel, StatusView } from './justice-view.service.js';
import { COOPERATION, RECIPIENTS, RISKS, STATUS_STATES } from './justice.schema.js';
import { Countdown, day, kindName, options, type Section } from './view-parts.js';

const FIELD_FORMS = ['profile', 'status', 'disclosure'];

/** The running periods and permits, first on the tab: what the person may lose and when. */
function Countdowns(props: { t: Translator; statuses: StatusView[] }) {
  const { t } = props;
  const running = props.statuses.filter((s) => s.status === 'granted' && s.daysLeft !== null);
  if (running.length === 0) return null;
  return (
    <ul class="plain-list" aria-label={t('justice.countdown.title')}>
      {running.map((s) => (
        <li class={s.ending || (s.daysLeft ?? 0) < 0 ? 'notice notice-warning' : 'notice'} role={s.ending ? 'status' : undefined}>
          <strong>{kindName(props.t, s.kind, s.kindLabel)}</strong>
          {': '}
          {t('justice.countdown.until', { date: day(t, s.endOn) })} <Countdown t={t} daysLeft={s.daysLeft} ending={s.ending} />
          {s.ending && (s.daysLeft ?? 0) >= 0 ? <> {t('justice.countdown.warning')}</> : null}
        </li>
      ))}
    </ul>
  );
}

function ProfileSection(props: Section<LegalPageModel>) {
  const { t, csrf, base, model } = props;
  const problem = problemOf(props.problem, 'profile');
  const labels = {
    cooperation: t('justice.profile.cooperation'),
    cooperationOn: t('justice.profile.cooperationOn'),
    risk: t('justice.profile.risk'),
    riskAction: t('justice.profile.riskAction'),
    riskReviewedOn: t('justice.profile.riskReviewedOn'),
  };
  const field = fieldsOf(t, { labels, problem });
  const p = model.profile;
  return (
    <section aria-labelledby="profile-h">
      <h2 id="profile-h">{t('justice.profile.title')}</h2>
      <p class="hint">{t('justice.profile.unconditional')}</p>
      <Form t={t} id="profile-form" action={`${base}/profile`} csrf={csrf} errors={problem?.errors} labels={labels} hasRequired>
        <Select {...field('cooperation', p?.cooperation ?? 'undecided')} options={options(t, 'justice.cooperation', COOPERATION)} required />
        <TextField {...field('cooperationOn', p?.cooperationOn ?? '')} type="date" width="medium" />
        <Select {...field('risk', p?.risk ?? 'none')} options={options(t, 'justice.risks', RISKS)} required />
        <TextArea {...field('riskAction', p?.riskAction ?? '')} hint={t('justice.profile.riskActionHint')} rows={3} maxLength={2000} />
        <TextField {...field('riskReviewedOn', p?.riskReviewedOn ?? '')} type="date" width="medium" />
        {p ? <input type="hidden" name="version" value={String(p.version)} /> : null}
        <Submit label={t('forms.save')} />
      </Form>
    </section>
  );
}

function StatusRowForm(props: { t: Translator; csrf: string; base: string; s: StatusView; problem?: FormProblem | undefined }) {
  const { t, s } = props;
  const problem = problemOf(props.problem, `statusUpdate-${s.id}`);
  const labels = { status: t('justice.status.state'), endOn: t('justice.status.endOn'), renewal: t('justice.status.renewal') };
  const field = fieldsOf(t, { labels, problem });
  return (
    <details open={problem !== undefined}>
      <summary>{t('justice.status.change')}</summary>
      <Form
        t={t}
        id={`status-${s.id}`}
        idPrefix={`s${s.id.slice(-6)}`}
        action={`${props.base}/statuses/${s.id}`}
        csrf={props.csrf}
        errors={problem?.errors}
        labels={labels}
      >
        <Select {...field('status', s.status)} idPrefix={`s${s.id.slice(-6)}`} options={options(t, 'justice.states', STATUS_STATES)} />
        <TextField {...field('endOn', s.endOn ?? '')} idPrefix={`s${s.id.slice(-6)}`} type="date" width="medium" hint={t('justice.status.extendHint')} />
        <TextArea {...field('renewal', s.renewal ?? '')} idPrefix={`s${s.id.slice(-6)}`} rows={2} maxLength={2000} />
        <input type="hidden" name="version" value={String(s.version)} />
        <Submit label={t('forms.save')} secondary />
      </Form>
    </details>
  );
}

function StatusesSection(props: Section<LegalPageModel>) {
  const { t, csrf, base, model } = props;
  const problem = problemOf(props.problem, 'status');
  const labels = {
    kind: t('justice.status.kind'),
    status: t('justice.status.state'),
    appliedOn: t('justice.status.appliedOn'),
    startOn: t('justice.status.startOn'),
    endOn: t('justice.status.endOn'),
    grantedBy: t('justice.status.grantedBy'),
    reference: t('justice.status.reference'),
    renewal: t('justice.status.renewal'),
  };
  const field = fieldsOf(t, { labels, problem });
  const kindOptions = model.kinds.map((k) => ({
    value: k.code,
    label: `${kindName(t, k.code, k.label)}${k.defaultDays ? ` (${t('justice.kindsPage.days', { n: k.defaultDays })})` : ''}`,
  }));
  return (
    <section aria-labelledby="statuses-h">
      <h2 id="statuses-h">{t('justice.status.title')}</h2>
      <Table
        caption={t('justice.status.title')}
        head={[
          t('justice.status.kind'),
          t('justice.status.state'),
          t('justice.status.period'),
          t('justice.status.grantedBy'),
          t('justice.status.reference'),
          t('justice.status.countdown'),
          t('justice.change'),
        ]}
        rows={model.statuses.map((s) => [
          kindName(t, s.kind, s.kindLabel),
          <>
            {t(`justice.states.${s.status}`)}
            {s.extensions > 0 ? <> · {t('justice.status.extended', { n: s.extensions })}</> : null}
          </>,
          `${day(t, s.startOn ?? s.appliedOn)} – ${day(t, s.endOn)}`,
          <span dir="auto">{s.grantedBy ?? '—'}</span>,
          <span dir="auto">{s.reference ?? '—'}</span>,
          <>
            <Countdown t={t} daysLeft={s.daysLeft} ending={s.ending} />
            {s.warnedAt ? <div class="hint">{t('justice.status.warnedAt', { date: t.date(s.warnedAt) })}</div> : null}
            {s.endedNoticeAt ? <div class="hint">{t('justice.status.endedNoticeAt', { date: t.date(s.endedNoticeAt) })}</div> : null}
          </>,
          <StatusRowForm t={t} csrf={csrf} base={base} s={s} problem={props.problem} />,
        ])}
        empty={t('justice.status.none')}
      />
      <details class="card" open={problem !== undefined || model.statuses.length === 0}>
        <summary>{t('justice.status.add')}</summary>
        <Form t={t} id="status-form" action={`${base}/statuses`} csrf={csrf} errors={problem?.errors} labels={labels} hasRequired>
          <Select {...field('kind')} options={kindOptions} emptyLabel={t('forms.choose')} required />
          <Select {...field('status', 'granted')} options={options(t, 'justice.states', STATUS_STATES)} required />
          <TextField {...field('appliedOn')} type="date" width="medium" />
          <TextField {...field('startOn', model.today)} type="date" width="medium" />
          <TextField {...field('endOn')} type="date" width="medium" hint={t('justice.status.endHint')} />
          <TextField {...field('grantedBy')} maxLength={200} />
          <TextField {...field('reference')} maxLength={200} hint={t('justice.sealedHint')} />
          <TextArea {...field('renewal')} rows={2} maxLength={2000} hint={t('justice.status.renewalHint')} />
          <Submit label={t('justice.status.add')} />
        </Form>
      </details>
    </section>
  );
}

function DisclosuresSection(props: Section<LegalPageModel>) {
  const { t, csrf, base, model } = props;
  const problem = problemOf(props.problem, 'disclosure');
  const labels = {
    recipient: t('justice.disclosure.recipient'),
    sharedOn: t('justice.disclosure.sharedOn'),
    what: t('justice.disclosure.what'),
    proceedingId: t('justice.disclosure.proceeding'),
    overrideReason: t('justice.disclosure.overrideReason'),
  };
  const field = fieldsOf(t, { labels, problem });
  return (
    <section aria-labelledby="disclosures-h">
      <h2 id="disclosures-h">{t('justice.disclosure.title')}</h2>
      <p class={model.justiceConsent ? 'hint' : 'flash flash-error'}>
        {model.justiceConsent ? t('justice.disclosure.consentGiven') : t('justice.disclosure.noConsent')}
      </p>
      <Table
        caption={t('justice.disclosure.title')}
        head={[t('justice.disclosure.sharedOn'), t('justice.disclosure.recipient'), t('justice.disclosure.what')]}
        rows={model.disclosures.map((d) => [
          t.date(d.sharedOn),
          <>
            {t(`justice.recipients.${d.recipient}`)}
            {d.consentOverridden ? (
              <>
                {' '}
                · <span class="badge badge-high">{t('justice.disclosure.overridden')}</span>
              </>
            ) : null}
          </>,
          <span dir="auto">{d.what}</span>,
        ])}
        empty={t('justice.disclosure.none')}
      />
      {model.justiceConsent || model.canOverride ? (
        <details class="card" open={problem !== undefined}>
          <summary>{t('justice.disclosure.add')}</summary>
          <Form t={t} id="disclosure-form" action={`${base}/disclosures`} csrf={csrf} errors={problem?.errors} labels={labels} hasRequired>
            <Select {...field('recipient')} options={options(t, 'justice.recipients', RECIPIENTS)} emptyLabel={t('forms.choose')} required />
            <TextField {...field('sharedOn', model.today)} type="date" width="medium" required />
            <TextArea {...field('what')} rows={3} maxLength={2000} required hint={t('justice.disclosure.whatHint')} />
            {model.proceedings.length ? (
              <Select {...field('proceedingId')} options={model.proceedings.map((p) => ({ value: p.id, label: p.label }))} emptyLabel={t('forms.none')} />
            ) : null}
            {!model.justiceConsent ? (
              <TextArea {...field('overrideReason')} rows={2} maxLength={1000} required hint={t('justice.disclosure.overrideHint')} />
            ) : null}
            <Submit label={t('justice.disclosure.add')} />
          </Form>
        </details>
      ) : null}
    </section>
  );
}

/** The case's legal status tab: countdowns, the cooperation decision and risk, statuses, what was shared. */
export function LegalView(props: { t: Translator; csrf: string; caseId: string; model: LegalPageModel; problem?: FormProblem | undefined }) {
  const { t, problem } = props;
  const section: Section<LegalPageModel> = { t, csrf: props.csrf, base: `/staff/cases/${props.caseId}/legal-status`, model: props.model, problem };
  const onFields = problem !== undefined && !problem.refusal && (FIELD_FORMS.includes(problem.form ?? '') || (problem.form ?? '').startsWith('statusUpdate-'));
  return (
    <>
      <ProblemNote t={t} problem={problem} onFields={onFields} />
      <p>
        <a href="/staff/justice/due">{t('justice.due.link')}</a>
      </p>
      <Countdowns t={t} statuses={props.model.statuses} />
      <StatusesSection {...section} />
      <ProfileSection {...section} />
      <DisclosuresSection {...section} />
    </>
  );
}
