import type { FormProblem } from '../platform/http/form-action.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { ActionButton, Choices, Form, Select, Submit, SummaryList, Table, TextField } from '../platform/views/components.js';
import { fieldsOf, ProblemNote, problemOf } from '../platform/views/form-problem.js';
import type { HearingView, LinkView, ProceedingsPageModel } from './justice-view.service.js';
import { MEASURES, OUTCOMES, PROCEEDING_KINDS, ROLES, STAGES } from './justice.schema.js';
import { options, type Section } from './view-parts.js';

type LinkSection = Section<ProceedingsPageModel> & { link: LinkView };

const yesNo = (t: Translator) => [
  { value: '1', label: t('forms.yes') },
  { value: '0', label: t('forms.no') },
];

/** The fields of a person's part in a hearing, for a new hearing and for one another case recorded. */
function PersonFields(props: { t: Translator; field: ReturnType<typeof fieldsOf>; isChild: boolean; prefix: string; mine?: HearingView['mine'] }) {
  const { t, field, prefix, mine } = props;
  return (
    <>
      <Choices {...field('mustAttend', mine ? (mine.mustAttend ? '1' : '0') : '0')} idPrefix={prefix} inline options={yesNo(t)} />
      <TextField {...field('supportPerson', mine?.supportPerson ?? '')} idPrefix={prefix} maxLength={200} />
      <TextField {...field('interpreter', mine?.interpreter ?? '')} idPrefix={prefix} maxLength={80} hint={t('justice.hearing.interpreterHint')} />
      <TextField
        {...field('guardian', mine?.guardian ?? '')}
        idPrefix={prefix}
        maxLength={200}
        required={props.isChild}
        hint={props.isChild ? t('justice.hearing.guardianHint') : undefined}
      />
    </>
  );
}

function personLabels(t: Translator) {
  return {
    heldOn: t('justice.hearing.heldOn'),
    place: t('justice.hearing.place'),
    mustAttend: t('justice.hearing.mustAttend'),
    supportPerson: t('justice.hearing.supportPerson'),
    interpreter: t('justice.hearing.interpreter'),
    guardian: t('justice.hearing.guardian'),
  };
}

function Hearings(props: LinkSection) {
  const { t, csrf, base, model, link } = props;
  const lbase = `${base}/${link.linkId}`;
  const labels = personLabels(t);
  const problem = problemOf(props.problem, `hearing-${link.linkId}`);
  const field = fieldsOf(t, { labels, problem });
  return (
    <>
      <h4>{t('justice.hearing.title')}</h4>
      <Table
        caption={t('justice.hearing.title')}
        head={[
          t('justice.hearing.heldOn'),
          t('justice.hearing.place'),
          t('justice.hearing.mustAttend'),
          t('justice.hearing.supportPerson'),
          t('justice.hearing.interpreter'),
          t('justice.hearing.guardian'),
        ]}
        rows={link.hearings.map((h) => {
          if (h.mine) {
            return [
              t.date(h.heldOn),
              <span dir="auto">{h.place ?? '—'}</span>,
              h.mine.mustAttend ? t('forms.yes') : t('forms.no'),
              <span dir="auto">{h.mine.supportPerson ?? '—'}</span>,
              <span dir="auto">{h.mine.interpreter ?? '—'}</span>,
              <span dir="auto">{h.mine.guardian ?? '—'}</span>,
            ];
          }
          const p = problemOf(props.problem, `hearingPerson-${h.id}`);
          const f = fieldsOf(t, { labels, problem: p });
          const prefix = `h${h.id.slice(-6)}`;
          return [
            t.date(h.heldOn),
            <span dir="auto">{h.place ?? '—'}</span>,
            <details open={p !== undefined}>
              <summary>{t('justice.hearing.addMine')}</summary>
              <Form t={t} id={`hp-${h.id}`} idPrefix={prefix} action={`${lbase}/hearings/${h.id}`} csrf={csrf} errors={p?.errors} labels={labels}>
                <PersonFields t={t} field={f} isChild={model.isChild} prefix={prefix} />
                <Submit label={t('forms.save')} secondary />
              </Form>
            </details>,
            '',
            '',
            '',
          ];
        })}
        empty={t('justice.hearing.none')}
      />
      <details class="card" open={problem !== undefined}>
        <summary>{t('justice.hearing.add')}</summary>
        <Form
          t={t}
          id={`hearing-${link.linkId}`}
          idPrefix={`n${link.linkId.slice(-6)}`}
          action={`${lbase}/hearings`}
          csrf={csrf}
          errors={problem?.errors}
          labels={labels}
          hasRequired
        >
          <TextField {...field('heldOn')} idPrefix={`n${link.linkId.slice(-6)}`} type="date" width="medium" required />
          <TextField {...field('place')} idPrefix={`n${link.linkId.slice(-6)}`} maxLength={200} />
          <PersonFields t={t} field={field} isChild={model.isChild} prefix={`n${link.linkId.slice(-6)}`} />
          <Submit label={t('justice.hearing.add')} />
        </Form>
      </details>
    </>
  );
}

function Measures(props: LinkSection) {
  const { t, csrf, base, model, link } = props;
  const problem = problemOf(props.problem, `measure-${link.linkId}`);
  const labels = { measure: t('justice.measure.measure'), requestedOn: t('justice.measure.requestedOn') };
  const field = fieldsOf(t, { labels, problem });
  const prefix = `m${link.linkId.slice(-6)}`;
  return (
    <>
      <h4>{t('justice.measure.title')}</h4>
      {model.isChild ? <p class="hint">{t('justice.measure.childDefaults')}</p> : null}
      <Table
        caption={t('justice.measure.title')}
        head={[t('justice.measure.measure'), t('justice.measure.requestedOn'), t('justice.measure.status'), t('justice.change')]}
        rows={link.measures.map((m) => [
          <>
            {t(`justice.measures.${m.measure}`)}
            {m.byDefault ? (
              <>
                {' '}
                · <span class="badge">{t('justice.measure.byDefault')}</span>
              </>
            ) : null}
          </>,
          t.date(m.requestedOn),
          `${t(`justice.measureStates.${m.status}`)}${m.decidedOn ? ` (${t.date(m.decidedOn)})` : ''}`,
          m.status === 'requested' ? (
            <>
              <ActionButton
                action={`${base}/measures/${m.id}`}
                csrf={csrf}
                label={t('justice.measure.grant')}
                fields={{ status: 'granted', version: String(m.version) }}
              />{' '}
              <ActionButton
                action={`${base}/measures/${m.id}`}
                csrf={csrf}
                label={t('justice.measure.refuse')}
                fields={{ status: 'refused', version: String(m.version) }}
              />
            </>
          ) : (
            <ActionButton
              action={`${base}/measures/${m.id}`}
              csrf={csrf}
              label={t('justice.measure.reopen')}
              fields={{ status: 'requested', version: String(m.version) }}
            />
          ),
        ])}
        empty={t('justice.measure.none')}
      />
      <details class="card" open={problem !== undefined}>
        <summary>{t('justice.measure.add')}</summary>
        <Form
          t={t}
          id={`measure-${link.linkId}`}
          idPrefix={prefix}
          action={`${base}/${link.linkId}/measures`}
          csrf={csrf}
          errors={problem?.errors}
          labels={labels}
          hasRequired
        >
          <Select {...field('measure')} idPrefix={prefix} options={options(t, 'justice.measures', MEASURES)} emptyLabel={t('forms.choose')} required />
          <TextField {...field('requestedOn', model.today)} idPrefix={prefix} type="date" width="medium" required />
          <Submit label={t('justice.measure.add')} />
        </Form>
      </details>
    </>
  );
}

function LinkCard(props: LinkSection) {
  const { t, csrf, base, model, link } = props;
  const p = link.proceeding;
  const roleProblem = problemOf(props.problem, `link-${link.linkId}`);
  const stageProblem = problemOf(props.problem, `stage-${link.linkId}`);
  const roleLabels = {
    role: t('justice.proceeding.role'),
    testified: t('justice.proceeding.testified'),
    legalReferralId: t('justice.proceeding.legalReferral'),
  };
  const stageLabels = { stage: t('justice.proceeding.stage'), stageOn: t('justice.proceeding.stageOn'), outcome: t('justice.proceeding.outcome') };
  const rf = fieldsOf(t, { labels: roleLabels, problem: roleProblem });
  const sf = fieldsOf(t, { labels: stageLabels, problem: stageProblem });
  const prefix = link.linkId.slice(-6);
  return (
    <article class="card" aria-labelledby={`p-${link.linkId}`}>
      <h3 id={`p-${link.linkId}`}>
        {t(`justice.kindsOfProceeding.${p.kind}`)} · <span dir="auto">{[p.jurisdiction, p.court].filter(Boolean).join(' · ')}</span>
      </h3>
      <SummaryList
        items={[
          [t('justice.proceeding.reference'), <span dir="auto">{p.reference ?? '—'}</span>],
          [t('justice.proceeding.stage'), t(`justice.stages.${p.stage}`)],
          [
            t('justice.proceeding.dates'),
            p.stageDates.map((s) => t('justice.proceeding.stageDate', { stage: t(`justice.stages.${s.stage}`), date: t.date(s.on) })).join(' · ') || '—',
          ],
          [t('justice.proceeding.outcome'), t(`justice.outcomes.${p.outcome}`)],
          [t('justice.proceeding.role'), `${t(`justice.roles.${link.role}`)}${link.testified ? ` · ${t('justice.proceeding.hasTestified')}` : ''}`],
          [t('justice.proceeding.officeCases'), t('justice.proceeding.officeCasesN', { n: link.officeCases })],
          [
            t('justice.proceeding.shareCode'),
            <>
              <code dir="ltr">{p.shareCode}</code>
              <div class="hint">{t('justice.proceeding.shareCodeHint')}</div>
            </>,
          ],
          [t('justice.proceeding.legalReferral'), model.legalReferrals.find((r) => r.id === link.legalReferralId)?.label ?? '—'],
        ]}
      />
      <details open={roleProblem !== undefined}>
        <summary>{t('justice.proceeding.changeRole')}</summary>
        <Form
          t={t}
          id={`link-${link.linkId}`}
          idPrefix={`r${prefix}`}
          action={`${base}/${link.linkId}`}
          csrf={csrf}
          errors={roleProblem?.errors}
          labels={roleLabels}
        >
          <Select {...rf('role', link.role)} idPrefix={`r${prefix}`} options={options(t, 'justice.roles', ROLES)} />
          <Choices {...rf('testified', link.testified ? '1' : '0')} idPrefix={`r${prefix}`} inline options={yesNo(t)} />
          {model.legalReferrals.length ? (
            <Select
              {...rf('legalReferralId', link.legalReferralId ?? '')}
              idPrefix={`r${prefix}`}
              options={model.legalReferrals.map((r) => ({ value: r.id, label: r.label }))}
              emptyLabel={t('forms.none')}
            />
          ) : null}
          <input type="hidden" name="version" value={String(link.linkVersion)} />
          <Submit label={t('forms.save')} secondary />
        </Form>
      </details>
      <details open={stageProblem !== undefined}>
        <summary>{t('justice.proceeding.changeStage')}</summary>
        <Form
          t={t}
          id={`stage-${link.linkId}`}
          idPrefix={`g${prefix}`}
          action={`${base}/${link.linkId}/stage`}
          csrf={csrf}
          errors={stageProblem?.errors}
          labels={stageLabels}
          hasRequired
        >
          <Select {...sf('stage', p.stage)} idPrefix={`g${prefix}`} options={options(t, 'justice.stages', STAGES)} required />
          <TextField {...sf('stageOn', model.today)} idPrefix={`g${prefix}`} type="date" width="medium" required />
          <Select {...sf('outcome', p.outcome)} idPrefix={`g${prefix}`} options={options(t, 'justice.outcomes', OUTCOMES)} />
          <input type="hidden" name="version" value={String(p.version)} />
          <Submit label={t('forms.save')} secondary />
        </Form>
      </details>
      <Hearings {...props} />
      <Measures {...props} />
    </article>
  );
}

function JoinForm(props: Section<ProceedingsPageModel>) {
  const { t, csrf, base, model } = props;
  const problem = problemOf(props.problem, 'proceeding');
  const labels = {
    proceedingId: t('justice.proceeding.existing'),
    shareCode: t('justice.proceeding.joinCode'),
    kind: t('justice.proceeding.kind'),
    jurisdiction: t('justice.proceeding.jurisdiction'),
    court: t('justice.proceeding.court'),
    reference: t('justice.proceeding.reference'),
    stage: t('justice.proceeding.stage'),
    stageOn: t('justice.proceeding.stageOn'),
    role: t('justice.proceeding.role'),
    legalReferralId: t('justice.proceeding.legalReferral'),
  };
  const field = fieldsOf(t, { labels, problem });
  return (
    <details class="card" open={problem !== undefined || model.links.length === 0}>
      <summary>{t('justice.proceeding.add')}</summary>
      <Form t={t} id="proceeding-form" action={base} csrf={csrf} errors={problem?.errors} labels={labels} hasRequired>
        <Select {...field('role')} options={options(t, 'justice.roles', ROLES)} emptyLabel={t('forms.choose')} required />
        {model.joinable.length ? (
          <Select
            {...field('proceedingId')}
            options={model.joinable.map((j) => ({ value: j.id, label: j.label }))}
            emptyLabel={t('justice.proceeding.newOne')}
            hint={t('justice.proceeding.existingHint')}
          />
        ) : null}
        <TextField {...field('shareCode')} width="medium" maxLength={20} hint={t('justice.proceeding.joinCodeHint')} dir="ltr" />
        <Select {...field('kind', 'criminal')} options={options(t, 'justice.kindsOfProceeding', PROCEEDING_KINDS)} />
        <TextField {...field('jurisdiction')} width="short" maxLength={2} hint={t('justice.proceeding.jurisdictionHint')} dir="ltr" />
        <TextField {...field('court')} maxLength={200} />
        <TextField {...field('reference')} maxLength={200} hint={t('justice.sealedHint')} />
        <Select {...field('stage', 'complaint')} options={options(t, 'justice.stages', STAGES)} />
        <TextField {...field('stageOn', model.today)} type="date" width="medium" />
        {model.legalReferrals.length ? (
          <Select {...field('legalReferralId')} options={model.legalReferrals.map((r) => ({ value: r.id, label: r.label }))} emptyLabel={t('forms.none')} />
        ) : null}
        {model.isChild ? <p class="hint">{t('justice.measure.childDefaults')}</p> : null}
        <Submit label={t('justice.proceeding.add')} />
      </Form>
    </details>
  );
}

/** The case's proceedings tab: each proceeding the person is part of, its hearings and measures; joining one. */
export function ProceedingsView(props: { t: Translator; csrf: string; caseId: string; model: ProceedingsPageModel; problem?: FormProblem | undefined }) {
  const { t, problem } = props;
  const section: Section<ProceedingsPageModel> = { t, csrf: props.csrf, base: `/staff/cases/${props.caseId}/proceedings`, model: props.model, problem };
  const onFields = problem !== undefined && !problem.refusal && (problem.form ?? '') !== 'measureDecision';
  return (
    <>
      <ProblemNote t={t} problem={problem} onFields={onFields} />
      <p class="hint">{t('justice.proceeding.officeOnly')}</p>
      {props.model.links.length === 0 ? <p class="empty">{t('justice.proceeding.none')}</p> : null}
      {props.model.links.map((link) => (
        <LinkCard {...section} link={link} />
      ))}
      <JoinForm {...section} />
    </>
  );
}
