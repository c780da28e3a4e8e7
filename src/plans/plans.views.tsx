import type { FormProblem } from '../platform/http/form-action.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { ActionButton, Form, Select, Submit, Table, TextArea, TextField } from '../platform/views/components.js';
import { fieldsOf, ProblemNote, problemOf } from '../platform/views/form-problem.js';
import type { OverdueActionView, PlanPageModel } from './plan-view.service.js';
import { PLAN_ACTION_TYPES, SPL_TYPES } from './plans.schema.js';
import { CorrectAction } from './correct.views.js';
import { CorrectionMark, CorrectWithdraw, rowProblem } from '../cases/corrections.views.js';

/** The forms of the plan page that have fields (the others are buttons). */
const FIELD_FORMS = ['objective', 'action', 'service', 'serviceCorrect', 'serviceWithdraw', 'noteCorrect'];

export function actionTypeOptions(t: Translator) {
  return PLAN_ACTION_TYPES.map((v) => ({ value: v, label: t(`plans.types.${v}`) }));
}

/** An open item's buttons to close it one way or another, or a closed item's button to reopen it. */
function StatusButtons(props: { t: Translator; csrf: string; action: string; version: number; open: boolean; close: Array<[status: string, labelKey: string]> }) {
  const { t } = props;
  const button = (status: string, labelKey: string) => (
    <ActionButton action={props.action} csrf={props.csrf} label={t(labelKey)} fields={{ status, version: String(props.version) }} />
  );
  if (!props.open) return button('open', 'plans.reopen');
  return (
    <>
      {props.close.map(([status, labelKey], i) => (
        <>
          {i > 0 ? ' ' : null}
          {button(status, labelKey)}
        </>
      ))}
    </>
  );
}

/**
 * Another feature's action (a durable-solution step): its status changes where its conditions are checked, so the
 * plan links there instead of offering Done and Cancel; its description, owner and due date may still be corrected.
 */
function OwnedElsewhere(props: { t: Translator; caseId: string; source: string }) {
  const { t } = props;
  if (props.source !== 'solutions') return <span class="hint">{t('planSteps.elsewhere')}</span>;
  return (
    <span class="hint">
      {t('planSteps.onSolutionTab')} <a href={`/staff/cases/${props.caseId}/solution#sol-actions`}>{t('planSteps.solutionTabLink')}</a>
    </span>
  );
}

type Section = { t: Translator; csrf: string; caseId: string; base: string; model: PlanPageModel; problem?: FormProblem | undefined };

function ObjectivesSection(props: Section) {
  const { t, csrf, base, model } = props;
  const problem = problemOf(props.problem, 'objective');
  const labels = { splType: t('plans.objective.type'), objective: t('plans.objective.text'), plannedEndDate: t('plans.objective.plannedEnd') };
  const field = fieldsOf(t, { labels, problem });
  const objectives = model.plan.objectives;
  return (
    <section aria-labelledby="objectives-h">
      <h2 id="objectives-h">{t('plans.objectives')}</h2>
      <Table
        caption={t('plans.objectives')}
        head={[t('plans.objective.type'), t('plans.objective.text'), t('plans.objective.plannedEnd'), t('plans.status'), t('plans.change')]}
        rows={objectives.map((o) => [
          t(`plans.splTypes.${o.splType}`),
          <span dir="auto">{o.objective}</span>,
          o.plannedEndDate ? t.date(o.plannedEndDate) : '—',
          t(`plans.objectiveStatus.${o.status}`),
          <StatusButtons
            t={t}
            csrf={csrf}
            action={`${base}/objectives/${o.id}`}
            version={o.version}
            open={o.status === 'open'}
            close={[
              ['achieved', 'plans.objective.achieve'],
              ['dropped', 'plans.objective.drop'],
            ]}
          />,
        ])}
        empty={t('plans.noObjectives')}
      />
      <details class="card" open={problem !== undefined || objectives.length === 0}>
        <summary>{t('plans.objective.add')}</summary>
        <Form t={t} id="objective-form" action={`${base}/objectives`} csrf={csrf} errors={problem?.errors} labels={labels} hasRequired>
          <Select {...field('splType')} options={SPL_TYPES.map((v) => ({ value: v, label: t(`plans.splTypes.${v}`) }))} emptyLabel={t('forms.choose')} required />
          <TextArea {...field('objective')} hint={t('plans.objective.hint')} rows={3} maxLength={2000} required />
          <TextField {...field('plannedEndDate')} type="date" width="medium" />
          <Submit label={t('plans.objective.add')} />
        </Form>
      </details>
    </section>
  );
}

function ActionsSection(props: Section) {
  const { t, csrf, base, model } = props;
  const problem = problemOf(props.problem, 'action');
  const labels = {
    objectiveId: t('plans.action.objective'),
    type: t('plans.action.type'),
    description: t('plans.action.description'),
    ownerId: t('plans.action.owner'),
    dueDate: t('plans.action.due'),
  };
  const field = fieldsOf(t, { labels, problem });
  const { actions, objectives } = model.plan;
  const objectiveOptions = objectives.map((o) => ({ value: o.id, label: `${t(`plans.splTypes.${o.splType}`)} · ${o.objective.slice(0, 60)}` }));
  return (
    <section aria-labelledby="actions-h">
      <h2 id="actions-h">{t('plans.actions')}</h2>
      <Table
        caption={t('plans.actions')}
        head={[t('plans.action.type'), t('plans.action.description'), t('plans.action.owner'), t('plans.action.due'), t('plans.status'), t('plans.change')]}
        rows={actions.map((a) => [
          t(`plans.types.${a.type}`),
          <span dir="auto">{a.description}</span>,
          a.ownerName ?? '—',
          a.dueDate ? t.date(a.dueDate) : '—',
          <>
            {t(`plans.actionStatus.${a.status}`)}
            {a.overdue ? (
              <>
                {' '}
                <span class="badge badge-high">{t('plans.overdue.badge')}</span>
              </>
            ) : null}
          </>,
          <>
            {a.source === 'plan' ? (
              <StatusButtons
                t={t}
                csrf={csrf}
                action={`${base}/actions/${a.id}`}
                version={a.version}
                open={a.status === 'open'}
                close={[
                  ['done', 'plans.action.done'],
                  ['cancelled', 'plans.action.cancel'],
                ]}
              />
            ) : (
              <OwnedElsewhere t={t} caseId={props.caseId} source={a.source} />
            )}
            {a.status === 'open' ? <CorrectAction t={t} csrf={csrf} action={`${base}/actions/${a.id}`} a={a} staff={model.staff} /> : null}
          </>,
        ])}
        empty={t('plans.noActions')}
      />
      <details class="card" open={problem !== undefined || actions.length === 0}>
        <summary>{t('plans.action.add')}</summary>
        <Form t={t} id="action-form" action={`${base}/actions`} csrf={csrf} errors={problem?.errors} labels={labels} hasRequired>
          <Select {...field('type')} options={actionTypeOptions(t)} emptyLabel={t('forms.choose')} required />
          <TextArea {...field('description')} rows={3} maxLength={2000} required />
          {objectiveOptions.length ? <Select {...field('objectiveId')} options={objectiveOptions} emptyLabel={t('forms.none')} /> : null}
          <Select {...field('ownerId', model.defaultOwnerId)} options={model.staff.map((s) => ({ value: s.id, label: s.name }))} emptyLabel={t('forms.none')} />
          <TextField {...field('dueDate')} type="date" width="medium" />
          <Submit label={t('plans.action.add')} />
        </Form>
      </details>
    </section>
  );
}

/** A service's "Correct" (type, date, notes) and "Withdraw" forms, each with its required reason. */
function ServiceCorrection(props: Section & { s: PlanPageModel['plan']['services'][number] }) {
  const { t, s } = props;
  const correctProblem = rowProblem(props.problem, 'serviceCorrect', s.id);
  const v = (name: string, fallback: string) => (correctProblem ? String(correctProblem.raw[name] ?? '') : fallback);
  const labels = { service: t('plans.service.type'), deliveredOn: t('plans.service.date'), notes: t('plans.service.notes') };
  const field = (name: string, fallback: string) => ({
    t,
    name,
    idPrefix: `svc-${s.id}`,
    label: labels[name as keyof typeof labels],
    value: v(name, fallback),
    error: correctProblem?.errors?.[name],
  });
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
      <Select {...field('service', s.service)} options={actionTypeOptions(t)} required />
      <TextField {...field('deliveredOn', s.deliveredOn)} type="date" width="medium" required />
      <TextArea {...field('notes', s.notes ?? '')} rows={2} maxLength={2000} />
    </CorrectWithdraw>
  );
}

function ServicesSection(props: Section) {
  const { t, csrf, base, model } = props;
  const problem = problemOf(props.problem, 'service');
  const labels = { service: t('plans.service.type'), deliveredOn: t('plans.service.date'), notes: t('plans.service.notes'), actionId: t('plans.service.action') };
  const field = fieldsOf(t, { labels, problem });
  const { actions, services } = model.plan;
  return (
    <section aria-labelledby="services-h">
      <h2 id="services-h">{t('plans.services')}</h2>
      <Table
        caption={t('plans.services')}
        head={[t('plans.service.date'), t('plans.service.type'), t('plans.service.by'), t('plans.service.notes')]}
        rows={services.map((s) => {
          const struck = (x: string) => (s.withdrawnAt ? <s>{x}</s> : x);
          return [
            struck(t.date(s.deliveredOn)),
            struck(t(`plans.types.${s.service}`)),
            s.organisationName ?? t('plans.service.byOffice'),
            <>
              <span dir="auto">{struck(s.notes ?? '—')}</span>
              <CorrectionMark t={t} withdrawnAt={s.withdrawnAt} withdrawalReason={s.withdrawalReason} correctionReason={s.correctionReason} />
              {s.withdrawnAt ? null : <ServiceCorrection {...props} s={s} />}
            </>,
          ];
        })}
        empty={t('plans.noServices')}
      />
      <details class="card" open={problem !== undefined}>
        <summary>{t('plans.service.add')}</summary>
        <Form t={t} id="service-form" action={`${base}/services`} csrf={csrf} errors={problem?.errors} labels={labels} hasRequired>
          <Select {...field('service')} options={actionTypeOptions(t)} emptyLabel={t('forms.choose')} required />
          <TextField {...field('deliveredOn', model.today)} type="date" width="medium" required />
          {actions.length ? (
            <Select
              {...field('actionId')}
              options={actions.map((a) => ({ value: a.id, label: `${t(`plans.types.${a.type}`)} · ${a.description.slice(0, 60)}` }))}
              emptyLabel={t('forms.none')}
            />
          ) : null}
          <TextArea {...field('notes')} rows={3} maxLength={2000} />
          <Submit label={t('plans.service.add')} />
        </Form>
      </details>
    </section>
  );
}

/** A case's plan tab: objectives, actions and services delivered, each with its form. */
export function PlanView(props: { t: Translator; csrf: string; caseId: string; model: PlanPageModel; problem?: FormProblem | undefined }) {
  const { t, problem } = props;
  const section: Section = { t, csrf: props.csrf, caseId: props.caseId, base: `/staff/cases/${props.caseId}/plan`, model: props.model, problem };
  // A refusal, or the errors of a button (whose fields are hidden), are said at the top.
  const onFields = problem !== undefined && !problem.refusal && FIELD_FORMS.includes(problem.form ?? '');
  return (
    <>
      <ProblemNote t={t} problem={problem} onFields={onFields} />
      <p>
        <a href="/staff/plans/overdue">{t('plans.overdue.link')}</a>
      </p>
      <ObjectivesSection {...section} />
      <ActionsSection {...section} />
      <ServicesSection {...section} />
    </>
  );
}

/** Overdue actions in the user's cases (or their own). */
export function OverdueView(props: { t: Translator; mine: boolean; timeZone: string; rows: OverdueActionView[] }) {
  const { t } = props;
  return (
    <>
      <h1>{t('plans.overdue.title')}</h1>
      <p>{props.mine ? <a href="/staff/plans/overdue">{t('plans.overdue.all')}</a> : <a href="/staff/plans/overdue?mine=1">{t('plans.overdue.mine')}</a>}</p>
      <Table
        caption={t('plans.overdue.title')}
        head={[t('plans.overdue.case'), t('plans.action.type'), t('plans.action.description'), t('plans.action.owner'), t('plans.action.due'), t('plans.overdue.reminded')]}
        rows={props.rows.map((r) => [
          <a href={`/staff/cases/${r.caseId}/${r.source === 'action' ? 'plan' : ''}`} dir="ltr">
            {r.caseNumber}
          </a>,
          r.source === 'action' ? t(`plans.types.${r.type}`) : t(`cases.values.reminder.${r.type}`),
          r.description ? <bdi>{r.description}</bdi> : '—',
          r.ownerName ? <bdi>{r.ownerName}</bdi> : '—',
          r.dueDate ? <span class="overdue">{t.date(r.dueDate)}</span> : '—',
          r.remindedAt ? t.date(r.remindedAt, props.timeZone, true) : '—',
        ])}
        empty={t('plans.overdue.none')}
      />
    </>
  );
}
