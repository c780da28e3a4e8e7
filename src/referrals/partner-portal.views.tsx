import { CorrectionMark, CorrectWithdraw, rowProblem } from '../cases/corrections.views.js';
import type { FormProblem } from '../platform/http/form-action.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { ActionButton, Form, Select, Submit, SummaryList, Table, TextArea, TextField } from '../platform/views/components.js';
import type { PartnerHome, PartnerReferralView } from './partner-portal.service.js';
import { DECLINE_REASONS } from './referrals.schema.js';
import { ProblemNote, problemOf } from '../platform/views/form-problem.js';
import { grantValue, ReasonButton, StatusBadge, serviceOptions } from './referrals.views.js';
import type { ThreadModel } from './thread.service.js';
import { peopleRows } from './people.views.js';
import { PartnerContactForm, ThreadSection } from './thread.views.js';

/** The partner portal's list: the live referrals to the user's organisations. */
export function PartnerReferralListView(props: { t: Translator; home: PartnerHome }) {
  const { t, home } = props;
  return (
    <>
      <h1>{t('referrals.portal.title')}</h1>
      <p class="lead">{t('referrals.portal.lead')}</p>
      <div class="work-grid">
        {(['pending', 'accepted'] as const).map((s) => (
          <section
            class={`work-card${s === 'pending' && home.counts[s] > 0 ? ' work-card-alert' : ''}`}
            id={`partner-${s}`}
            aria-labelledby={`card-partner-${s}`}
          >
            <h2 id={`card-partner-${s}`}>
              <a href={`/partner?status=${s}`} aria-current={home.status === s ? 'page' : undefined}>
                {t(`partnerWork.cards.${s}`)}
              </a>{' '}
              <span class="work-count">{t.number(home.counts[s])}</span>
            </h2>
          </section>
        ))}
      </div>
      {home.status ? (
        <p>
          <a href="/partner">{t('partnerWork.all')}</a>
        </p>
      ) : null}
      <Table
        caption={t('referrals.portal.listCaption')}
        head={[
          t('referrals.reference'),
          t('referrals.portal.from'),
          t('referrals.form.service'),
          t('referrals.date'),
          t('referralThread.respondBy'),
          t('referrals.statusLabel'),
        ]}
        rows={home.rows.map((r) => [
          <a href={`/partner/referrals/${r.id}`} dir="ltr">
            {r.reference}
          </a>,
          r.officeName,
          t(`plans.types.${r.service}`),
          t.date(r.referralDate),
          r.respondBy ? t.date(r.respondBy) : '—',
          <StatusBadge t={t} status={r.status} />,
        ])}
        empty={t('referrals.portal.none')}
      />
    </>
  );
}

/** A service the partner recorded: its "Correct" and "Withdraw" forms, each with a required reason. */
function PartnerServiceCorrection(props: {
  t: Translator;
  csrf: string;
  base: string;
  s: PartnerReferralView['services'][number];
  problem?: FormProblem | undefined;
}) {
  const { t, s } = props;
  const correctProblem = rowProblem(props.problem, 'serviceCorrect', s.id);
  const v = (name: string, fallback: string) => (correctProblem ? String(correctProblem.raw[name] ?? '') : fallback);
  return (
    <CorrectWithdraw
      t={t}
      csrf={props.csrf}
      id={s.id}
      version={s.version}
      correctAction={`${props.base}/services/${s.id}/correct`}
      withdrawAction={`${props.base}/services/${s.id}/withdraw`}
      correctProblem={correctProblem}
      withdrawProblem={rowProblem(props.problem, 'serviceWithdraw', s.id)}
    >
      <Select
        t={t}
        name="service"
        idPrefix={`svc-${s.id}`}
        label={t('plans.service.type')}
        options={serviceOptions(t)}
        value={v('service', s.service)}
        required
        error={correctProblem?.errors?.service}
      />
      <TextField
        t={t}
        name="deliveredOn"
        idPrefix={`svc-${s.id}`}
        type="date"
        label={t('plans.service.date')}
        value={v('deliveredOn', s.deliveredOn)}
        width="medium"
        required
        error={correctProblem?.errors?.deliveredOn}
      />
      <TextArea
        t={t}
        name="notes"
        idPrefix={`svc-${s.id}`}
        label={t('plans.service.notes')}
        value={v('notes', s.notes ?? '')}
        rows={2}
        maxLength={2000}
        error={correctProblem?.errors?.notes}
      />
    </CorrectWithdraw>
  );
}

function ServiceForm(props: { t: Translator; csrf: string; base: string; v: PartnerReferralView; today: string; problem?: FormProblem | undefined }) {
  const { t, v, problem } = props;
  const labels = { service: t('plans.service.type'), deliveredOn: t('plans.service.date'), notes: t('plans.service.notes') };
  const errors = problem?.errors;
  const raw = problem?.raw;
  return (
    <Form t={t} id="service-form" action={`${props.base}/services`} csrf={props.csrf} errors={errors} labels={labels} hasRequired>
      <Select
        t={t}
        name="service"
        label={labels.service}
        options={serviceOptions(t)}
        value={String(raw?.service ?? v.service)}
        required
        error={errors?.service}
      />
      <TextField
        t={t}
        name="deliveredOn"
        type="date"
        label={labels.deliveredOn}
        value={String(raw?.deliveredOn ?? props.today)}
        width="medium"
        required
        error={errors?.deliveredOn}
      />
      <TextArea
        t={t}
        name="notes"
        label={labels.notes}
        hint={t('referrals.portal.notesHint')}
        value={String(raw?.notes ?? '')}
        rows={3}
        maxLength={2000}
        error={errors?.notes}
      />
      <Submit label={t('plans.service.add')} />
    </Form>
  );
}

/** One referral as its partner sees it: what it grants, and what they may do with it now. */
export function PartnerReferralPageView(props: {
  t: Translator;
  csrf: string;
  v: PartnerReferralView;
  thread: ThreadModel;
  today: string;
  problem?: FormProblem | undefined;
}) {
  const { t, v, csrf } = props;
  const base = `/partner/referrals/${v.id}`;
  const service = problemOf(props.problem, 'service');
  const ownForm = service ?? problemOf(props.problem, 'message') ?? problemOf(props.problem, 'contact');
  return (
    <>
      <p>
        <a href="/partner">{t('referrals.portal.back')}</a>
      </p>
      <h1>
        <span dir="ltr">{v.reference}</span> <StatusBadge t={t} status={v.status} />
      </h1>
      <ProblemNote t={t} problem={props.problem} onFields={ownForm !== undefined && !ownForm.refusal} />
      <SummaryList
        items={[
          [t('referrals.portal.from'), v.officeName],
          [t('referrals.portal.to'), v.organisationName],
          [t('referrals.form.service'), t(`plans.types.${v.service}`)],
          [t('referrals.form.reason'), t(`referrals.reasons.${v.reason}`)],
          [t('referrals.date'), t.date(v.referralDate)],
          ...peopleRows(t, v.people),
        ]}
      />
      <details class="contact-choice" open={problemOf(props.problem, 'contact') !== undefined}>
        <summary>{t('referralThread.nameContact')}</summary>
        <PartnerContactForm
          t={t}
          csrf={csrf}
          action={`${base}/contact`}
          contacts={props.thread.partnerContacts}
          current={v.people.partnerContact}
          problem={props.problem}
        />
      </details>
      <section aria-labelledby="grant-h" class="card">
        <h2 id="grant-h">{t('referrals.portal.granted')}</h2>
        <p class="hint">{t('referrals.portal.grantedHint')}</p>
        <SummaryList items={v.fields.map((f) => [t(`referrals.fields.${f}`), <span dir="auto">{grantValue(t, f, v.grant[f])}</span>])} />
      </section>
      {v.status === 'pending' ? (
        <section aria-labelledby="respond-h">
          <h2 id="respond-h">{t('referrals.portal.respond')}</h2>
          <ActionButton action={`${base}/accept`} csrf={csrf} label={t('referrals.portal.accept')} fields={{ version: String(v.version) }} />
          <ReasonButton
            t={t}
            csrf={csrf}
            action={`${base}/decline`}
            version={v.version}
            id="decline-reason"
            label={t('referrals.declineReason')}
            reasons={DECLINE_REASONS}
            reasonKey="referrals.declineReasons"
            button={t('referrals.portal.decline')}
          />
        </section>
      ) : null}
      {v.status === 'accepted' ? (
        <section aria-labelledby="services-h">
          <h2 id="services-h">{t('referrals.portal.services')}</h2>
          <Table
            caption={t('referrals.portal.services')}
            head={[t('plans.service.date'), t('plans.service.type'), t('plans.service.notes')]}
            rows={v.services.map((s) => [
              s.withdrawnAt ? <s>{t.date(s.deliveredOn)}</s> : t.date(s.deliveredOn),
              s.withdrawnAt ? <s>{t(`plans.types.${s.service}`)}</s> : t(`plans.types.${s.service}`),
              <>
                <span dir="auto">{s.withdrawnAt ? <s>{s.notes ?? '—'}</s> : (s.notes ?? '—')}</span>
                <CorrectionMark t={t} withdrawnAt={s.withdrawnAt} withdrawalReason={s.withdrawalReason} correctionReason={s.correctionReason} />
                {s.mine && !s.withdrawnAt ? <PartnerServiceCorrection t={t} csrf={csrf} base={base} s={s} problem={props.problem} /> : null}
              </>,
            ])}
            empty={t('plans.noServices')}
          />
          <ServiceForm t={t} csrf={csrf} base={base} v={v} today={props.today} problem={service} />
          <h2>{t('referrals.portal.finish')}</h2>
          <p>{t('referrals.portal.finishHint')}</p>
          <ActionButton action={`${base}/complete`} csrf={csrf} label={t('referrals.complete')} fields={{ version: String(v.version) }} />
        </section>
      ) : null}
      <ThreadSection t={t} csrf={csrf} action={`${base}/messages`} thread={props.thread} other="office" problem={props.problem} />
    </>
  );
}
