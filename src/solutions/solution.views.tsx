import type { ComponentChildren } from 'preact';
import { ActionButton, Choices, Form, Select, Submit, SummaryList, TextArea, TextField } from '../platform/views/components.js';
import { RiskSection } from './risk.views.js';
import type { SolutionView } from './solution-view.service.js';
import { CLOSURE_REASONS, SOLUTION_OPTIONS } from './solutions.model.js';
import { HandoverSection, StepsSection } from './steps.views.js';
import { Alert, errs, type PageEnv, rawOf, str } from './view-parts.js';

type Section = (props: { env: PageEnv; view: SolutionView; base: string }) => ComponentChildren;

/** The solution tab: what every viewer may see first, then each part the view model holds for this viewer. */
export function SolutionBody(props: { env: PageEnv; view: SolutionView }) {
  const { view } = props;
  const base = `/staff/cases/${view.caseId}/solution`;
  const { decision, returnStatus } = view.summary;
  const sections: Section[] = [Summary];
  if (view.personal) sections.push(ConsentSection, DecisionSection);
  if (decision === 'return' && view.scope.risk) sections.push(RiskSection);
  if (view.personal) sections.push(StepsSection);
  sections.push(HandoverSection);
  if (view.personal && decision === 'return' && (returnStatus === 'cleared' || returnStatus === 'travelled')) sections.push(ArrivalSection);
  if (view.personal && decision) sections.push(ClosureSection);
  return <>{sections.map((S) => S({ env: props.env, view, base }))}</>;
}

/** What every viewer may see (the outcome scope sees only this and the hand-overs). */
function Summary(props: { env: PageEnv; view: SolutionView }) {
  const { t, timeZone } = props.env;
  const s = props.view.summary;
  const items: Array<[string, ComponentChildren]> = [
    [t('solutions.decision.decision'), s.decision ? t(`solutions.options.${s.decision}`) : t('solutions.decision.none')],
    [t('solutions.decision.target'), s.targetOffice || '—'],
    [t('solutions.return.status'), <span class={`badge return-${s.returnStatus}`}>{t(`solutions.return.statuses.${s.returnStatus}`)}</span>],
    [t('solutions.decision.decidedAt'), s.decidedAt ? t.date(s.decidedAt, timeZone, true) : '—'],
    [t('solutions.decision.decidedBy'), s.decidedBy || '—'],
  ];
  if (s.arrivedOn) items.push([t('solutions.return.arrivedOn'), t.date(s.arrivedOn)]);
  if (s.closureReason) items.push([t('solutions.closure.reason'), t(`solutions.closure.reasons.${s.closureReason}`)]);
  return (
    <section aria-labelledby="sol-summary">
      <h2 id="sol-summary">{t('solutions.summary.title')}</h2>
      <SummaryList items={items} />
    </section>
  );
}

function ConsentSection(props: { env: PageEnv; view: SolutionView; base: string }) {
  const { env, view } = props;
  const t = env.t;
  const consents = view.personal?.consents;
  const given = (yes: boolean | undefined) => (yes ? t('solutions.consent.given') : t('solutions.consent.notGiven'));
  return (
    <section aria-labelledby="sol-consent">
      <h2 id="sol-consent">{t('solutions.consent.title')}</h2>
      <SummaryList
        items={[
          [t('solutions.consent.return'), given(consents?.return)],
          [t('solutions.consent.transfer'), given(consents?.transfer)],
        ]}
      />
      {view.can.edit ? (
        <Form t={t} action={`${props.base}/consent`} csrf={env.csrf} id="consent" errors={errs(env, 'consent')} hasRequired>
          <Alert env={env} form="consent" />
          <Select
            t={t}
            name="purpose"
            label={t('solutions.consent.purpose')}
            required
            options={[
              { value: 'return', label: t('solutions.consent.return') },
              { value: 'transfer', label: t('solutions.consent.transfer') },
            ]}
          />
          <Choices
            t={t}
            name="given"
            label={t('solutions.consent.decision')}
            required
            inline
            error={errs(env, 'consent')?.given}
            options={[
              { value: 'yes', label: t('solutions.consent.yes') },
              { value: 'no', label: t('solutions.consent.no') },
            ]}
          />
          <Submit label={t('solutions.consent.save')} secondary />
        </Form>
      ) : null}
    </section>
  );
}

function DecisionSection(props: { env: PageEnv; view: SolutionView; base: string }) {
  const { env, view } = props;
  const t = env.t;
  const raw = rawOf(env, 'decision');
  const e = errs(env, 'decision');
  const wishes = view.personal?.wishes ?? '';
  const chosen = (raw.options as string[] | undefined) ?? view.personal?.options ?? [];
  const options = SOLUTION_OPTIONS.map((o) => ({ value: o, label: t(`solutions.options.${o}`) }));
  const offices = (view.personal?.offices ?? []).filter((o) => o.id !== view.officeId || o.id === view.summary.targetOfficeId);
  return (
    <section aria-labelledby="sol-decision">
      <h2 id="sol-decision">{t('solutions.decision.title')}</h2>
      {view.isChild ? <p class="notice">{t('solutions.decision.childNotice')}</p> : null}
      {view.can.edit ? (
        <Form
          t={t}
          action={`${props.base}/decision`}
          csrf={env.csrf}
          id="decision"
          errors={e}
          hasRequired
          labels={{
            options: t('solutions.decision.options'),
            wishes: t('solutions.decision.wishes'),
            decision: t('solutions.decision.decision'),
            targetOfficeId: t('solutions.decision.target'),
          }}
        >
          <Alert env={env} form="decision" />
          <input type="hidden" name="version" value={String(view.summary.version ?? '')} />
          <Choices t={t} name="options" multiple required label={t('solutions.decision.options')} value={chosen} error={e?.options} options={options} />
          <TextArea
            t={t}
            name="wishes"
            required
            label={t('solutions.decision.wishes')}
            hint={t('solutions.decision.wishesHint')}
            value={str(raw.wishes) ?? wishes}
            error={e?.wishes}
            maxLength={5000}
          />
          <Choices
            t={t}
            name="decision"
            label={t('solutions.decision.decision')}
            value={str(raw.decision) ?? view.summary.decision ?? ''}
            error={e?.decision}
            options={options}
          />
          <Select
            t={t}
            name="targetOfficeId"
            label={t('solutions.decision.target')}
            hint={t('solutions.decision.targetHint')}
            emptyLabel={t('solutions.decision.noTarget')}
            value={str(raw.targetOfficeId) ?? view.summary.targetOfficeId ?? ''}
            error={e?.targetOfficeId}
            options={offices.map((o) => ({ value: o.id, label: o.name }))}
          />
          <Submit label={t('solutions.decision.save')} />
        </Form>
      ) : (
        <p>{wishes}</p>
      )}
    </section>
  );
}

function ArrivalSection(props: { env: PageEnv; view: SolutionView; base: string }) {
  const { env, view } = props;
  const t = env.t;
  return (
    <section aria-labelledby="sol-arrival">
      <h2 id="sol-arrival">{t('solutions.return.arrivalTitle')}</h2>
      {view.summary.returnStatus === 'travelled' ? (
        <p>{t('solutions.return.arrived', { date: t.date(view.summary.arrivedOn) })}</p>
      ) : view.can.edit ? (
        <Form t={t} action={`${props.base}/arrival`} csrf={env.csrf} id="arrival" errors={errs(env, 'arrival')} hasRequired>
          <Alert env={env} form="arrival" />
          <TextField
            t={t}
            name="arrivedOn"
            type="date"
            required
            label={t('solutions.return.arrivedOn')}
            width="medium"
            error={errs(env, 'arrival')?.arrivedOn}
          />
          <Submit label={t('solutions.return.recordArrival')} />
        </Form>
      ) : null}
    </section>
  );
}

function ClosureSection(props: { env: PageEnv; view: SolutionView; base: string }) {
  const { env, view } = props;
  const t = env.t;
  const { followupStatus, decision } = view.summary;
  return (
    <section aria-labelledby="sol-closure">
      <h2 id="sol-closure">{t('solutions.closure.title')}</h2>
      {followupStatus ? <p>{t(`solutions.closure.followup.${followupStatus}`)}</p> : null}
      {view.can.edit && !followupStatus && decision !== 'return' ? (
        <ActionButton action={`${props.base}/followup`} csrf={env.csrf} label={t('solutions.closure.startFollowup')} />
      ) : null}
      {view.can.close && !view.closed ? (
        <Form t={t} action={`${props.base}/close`} csrf={env.csrf} id="close" idPrefix="close" errors={errs(env, 'close')} hasRequired>
          <Alert env={env} form="close" />
          <Select
            t={t}
            name="reason"
            idPrefix="close"
            required
            label={t('solutions.closure.reason')}
            emptyLabel={t('solutions.closure.choose')}
            error={errs(env, 'close')?.reason}
            options={CLOSURE_REASONS.map((r) => ({ value: r, label: t(`solutions.closure.reasons.${r}`) }))}
          />
          <Submit label={t('solutions.closure.close')} secondary />
        </Form>
      ) : null}
    </section>
  );
}
