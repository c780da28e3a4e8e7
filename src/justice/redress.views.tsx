import type { FormProblem } from '../platform/http/form-action.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { Form, Select, Submit, Table, TextArea, TextField } from '../platform/views/components.js';
import { fieldsOf, ProblemNote, problemOf } from '../platform/views/form-problem.js';
import type { RedressPageModel } from './justice-view.service.js';
import { COMPENSATION_KINDS, COMPENSATION_OUTCOMES, OFFENCES, REQUEST_KINDS, REQUEST_OUTCOMES } from './justice.schema.js';
import { day, money, options, type Section } from './view-parts.js';

type Claim = RedressPageModel['compensation'][number];
type Request = RedressPageModel['nonPunishment'][number];

function ClaimForm(props: { t: Translator; csrf: string; base: string; c: Claim; problem?: FormProblem | undefined; today: string }) {
  const { t, c } = props;
  const problem = problemOf(props.problem, `claim-${c.id}`);
  const labels = {
    outcome: t('justice.compensation.outcome'),
    awarded: t('justice.compensation.awarded'),
    awardedOn: t('justice.compensation.awardedOn'),
    received: t('justice.compensation.received'),
    receivedOn: t('justice.compensation.receivedOn'),
  };
  const field = fieldsOf(t, { labels, problem });
  const prefix = `c${c.id.slice(-6)}`;
  return (
    <details open={problem !== undefined}>
      <summary>{t('justice.compensation.update')}</summary>
      <Form
        t={t}
        id={`claim-${c.id}`}
        idPrefix={prefix}
        action={`${props.base}/compensation/${c.id}`}
        csrf={props.csrf}
        errors={problem?.errors}
        labels={labels}
      >
        <Select {...field('outcome', c.outcome)} idPrefix={prefix} options={options(t, 'justice.compensationOutcomes', COMPENSATION_OUTCOMES)} />
        <TextField {...field('awarded', c.awarded === null ? '' : String(c.awarded))} idPrefix={prefix} inputMode="numeric" width="medium" dir="ltr" />
        <TextField {...field('awardedOn', c.awardedOn ?? '')} idPrefix={prefix} type="date" width="medium" />
        <TextField
          {...field('received', c.received === null ? '' : String(c.received))}
          idPrefix={prefix}
          inputMode="numeric"
          width="medium"
          dir="ltr"
          hint={t('justice.compensation.receivedHint')}
        />
        <TextField {...field('receivedOn', c.receivedOn ?? '')} idPrefix={prefix} type="date" width="medium" />
        <input type="hidden" name="version" value={String(c.version)} />
        <Submit label={t('forms.save')} secondary />
      </Form>
    </details>
  );
}

function CompensationSection(props: Section<RedressPageModel>) {
  const { t, csrf, base, model } = props;
  const problem = problemOf(props.problem, 'compensation');
  const labels = {
    kind: t('justice.compensation.kind'),
    currency: t('justice.compensation.currency'),
    claimed: t('justice.compensation.claimed'),
    claimedOn: t('justice.compensation.claimedOn'),
    proceedingId: t('justice.compensation.proceeding'),
  };
  const field = fieldsOf(t, { labels, problem });
  return (
    <section aria-labelledby="compensation-h">
      <h2 id="compensation-h">{t('justice.compensation.title')}</h2>
      <Table
        caption={t('justice.compensation.title')}
        head={[
          t('justice.compensation.kind'),
          t('justice.compensation.claimed'),
          t('justice.compensation.awarded'),
          t('justice.compensation.received'),
          t('justice.compensation.outcome'),
          t('justice.change'),
        ]}
        rows={model.compensation.map((c) => [
          t(`justice.compensationKinds.${c.kind}`),
          <span dir="ltr">{`${money(t, c.claimed, c.currency)} · ${t.date(c.claimedOn)}`}</span>,
          <span dir="ltr">{c.awarded === null ? '—' : `${money(t, c.awarded, c.currency)} · ${day(t, c.awardedOn)}`}</span>,
          <>
            <span dir="ltr">{c.received === null ? '—' : `${money(t, c.received, c.currency)} · ${day(t, c.receivedOn)}`}</span>
            {c.awarded !== null && (c.received ?? 0) < c.awarded ? (
              <div class="hint">{t('justice.compensation.outstanding', { amount: money(t, c.awarded - (c.received ?? 0), c.currency) })}</div>
            ) : null}
          </>,
          t(`justice.compensationOutcomes.${c.outcome}`),
          <ClaimForm t={t} csrf={csrf} base={base} c={c} problem={props.problem} today={model.today} />,
        ])}
        empty={t('justice.compensation.none')}
      />
      <details class="card" open={problem !== undefined || model.compensation.length === 0}>
        <summary>{t('justice.compensation.add')}</summary>
        <Form t={t} id="compensation-form" action={`${base}/compensation`} csrf={csrf} errors={problem?.errors} labels={labels} hasRequired>
          <Select {...field('kind')} options={options(t, 'justice.compensationKinds', COMPENSATION_KINDS)} emptyLabel={t('forms.choose')} required />
          <TextField {...field('currency')} width="short" maxLength={3} required hint={t('justice.compensation.currencyHint')} dir="ltr" />
          <TextField {...field('claimed')} width="medium" inputMode="numeric" required hint={t('justice.compensation.amountHint')} dir="ltr" />
          <TextField {...field('claimedOn', model.today)} type="date" width="medium" required />
          {model.proceedings.length ? (
            <Select {...field('proceedingId')} options={model.proceedings.map((p) => ({ value: p.id, label: p.label }))} emptyLabel={t('forms.none')} />
          ) : null}
          <Submit label={t('justice.compensation.add')} />
        </Form>
      </details>
    </section>
  );
}

function RequestForm(props: { t: Translator; csrf: string; base: string; r: Request; problem?: FormProblem | undefined }) {
  const { t, r } = props;
  const problem = problemOf(props.problem, `request-${r.id}`);
  const labels = { outcome: t('justice.nonPunishment.outcome'), decidedOn: t('justice.nonPunishment.decidedOn') };
  const field = fieldsOf(t, { labels, problem });
  const prefix = `q${r.id.slice(-6)}`;
  return (
    <details open={problem !== undefined}>
      <summary>{t('justice.nonPunishment.decide')}</summary>
      <Form
        t={t}
        id={`request-${r.id}`}
        idPrefix={prefix}
        action={`${props.base}/non-punishment/${r.id}`}
        csrf={props.csrf}
        errors={problem?.errors}
        labels={labels}
      >
        <Select {...field('outcome', r.outcome)} idPrefix={prefix} options={options(t, 'justice.requestOutcomes', REQUEST_OUTCOMES)} />
        <TextField {...field('decidedOn', r.decidedOn ?? '')} idPrefix={prefix} type="date" width="medium" />
        <input type="hidden" name="version" value={String(r.version)} />
        <Submit label={t('forms.save')} secondary />
      </Form>
    </details>
  );
}

function NonPunishmentSection(props: Section<RedressPageModel>) {
  const { t, csrf, base, model } = props;
  const problem = problemOf(props.problem, 'nonPunishment');
  const labels = {
    offence: t('justice.nonPunishment.offence'),
    details: t('justice.nonPunishment.details'),
    requestKind: t('justice.nonPunishment.requestKind'),
    requestedOn: t('justice.nonPunishment.requestedOn'),
  };
  const field = fieldsOf(t, { labels, problem });
  return (
    <section aria-labelledby="np-h">
      <h2 id="np-h">{t('justice.nonPunishment.title')}</h2>
      <p class="hint">{t('justice.nonPunishment.principle')}</p>
      <Table
        caption={t('justice.nonPunishment.title')}
        head={[
          t('justice.nonPunishment.offence'),
          t('justice.nonPunishment.details'),
          t('justice.nonPunishment.requestKind'),
          t('justice.nonPunishment.outcome'),
          t('justice.change'),
        ]}
        rows={model.nonPunishment.map((r) => [
          t(`justice.offences.${r.offence}`),
          <span dir="auto">{r.details ?? '—'}</span>,
          `${t(`justice.requestKinds.${r.requestKind}`)} · ${t.date(r.requestedOn)}`,
          `${t(`justice.requestOutcomes.${r.outcome}`)}${r.decidedOn ? ` (${t.date(r.decidedOn)})` : ''}`,
          <RequestForm t={t} csrf={csrf} base={base} r={r} problem={props.problem} />,
        ])}
        empty={t('justice.nonPunishment.none')}
      />
      <details class="card" open={problem !== undefined || model.nonPunishment.length === 0}>
        <summary>{t('justice.nonPunishment.add')}</summary>
        <Form t={t} id="np-form" action={`${base}/non-punishment`} csrf={csrf} errors={problem?.errors} labels={labels} hasRequired>
          <Select {...field('offence')} options={options(t, 'justice.offences', OFFENCES)} emptyLabel={t('forms.choose')} required />
          <TextArea {...field('details')} rows={2} maxLength={2000} />
          <Select {...field('requestKind')} options={options(t, 'justice.requestKinds', REQUEST_KINDS)} emptyLabel={t('forms.choose')} required />
          <TextField {...field('requestedOn', model.today)} type="date" width="medium" required />
          <Submit label={t('justice.nonPunishment.add')} />
        </Form>
      </details>
    </section>
  );
}

/** The case's redress tab: compensation claims and non-punishment requests. */
export function RedressView(props: { t: Translator; csrf: string; caseId: string; model: RedressPageModel; problem?: FormProblem | undefined }) {
  const { t, problem } = props;
  const section: Section<RedressPageModel> = { t, csrf: props.csrf, base: `/staff/cases/${props.caseId}/redress`, model: props.model, problem };
  return (
    <>
      <ProblemNote t={t} problem={problem} onFields={problem !== undefined && !problem.refusal} />
      <CompensationSection {...section} />
      <NonPunishmentSection {...section} />
    </>
  );
}
