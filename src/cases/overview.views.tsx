import type { FormProblem } from '../platform/http/form-action.js';
import { ActionButton, Form, Select, Submit, SummaryList, Table } from '../platform/views/components.js';
import { type CaseFrame, CaseFrameView } from './case-frame.views.js';
import { options, RefusalBox, refusalOf } from './case-ui.js';
import { STAGES } from './case-values.js';
import type { CaseRow } from './cases.table.js';
import { GateList, personSummaryItems } from './person-fields.views.js';
import type { CasePerson } from './person.js';
import type { CaseStory } from './case-reports.service.js';
import { AgeLine, StoryList } from './story.views.js';

export interface OverviewModel {
  record: CaseRow;
  person: CasePerson;
  gates: { isChild: boolean; hasGuardian: boolean; bidApproved: boolean; familyAssessed: boolean };
  perpetratorRoles: string[];
  reminders: Array<{ id: string; due_on: string; kind: string; required: number; text: string; version: number }>;
  /** The plan's open actions with a due date: due work too, done from the plan tab. */
  dueActions: Array<{ id: string; dueOn: string; kind: string; text: string; ownerName: string | null }>;
  ownerName: string | undefined;
  /** Whom the case can be given to: empty when this user may not assign it. */
  assignable: Array<{ id: string; display_name: string }>;
  closed: boolean;
  today: string;
  /** The reports the case came from and the cases opened with it. */
  story: CaseStory;
}

/** Overview: the person, the context, where the case stands, what is due, and the actions at this step. */
export function OverviewPage(frame: CaseFrame, vm: OverviewModel, problem?: FormProblem) {
  const { t } = frame;
  const { record, person, gates, reminders, closed } = vm;
  const users = vm.assignable;
  const id = person.identity;
  return (
    <CaseFrameView frame={frame}>
      <>
        <RefusalBox refusal={refusalOf(t, problem, ['stage'])} />
        <div class="case-grid">
          <section aria-labelledby="where-title">
            <h2 id="where-title">{t('cases.overview.where')}</h2>
            <SummaryList
              items={[
                [t('cases.fields.status'), t(`cases.status.${record.cas_status}`)],
                [t('cases.fields.stage'), t(`cases.stage.${record.stage}`)],
                [t('cases.fields.owner'), vm.ownerName ?? t('cases.list.unassigned')],
                [t('cases.fields.opened'), t.date(record.opened_at)],
                [
                  t('cases.fields.trafficking'),
                  record.vic_trafficking_status
                    ? `${t(`cases.values.trafficking.${record.vic_trafficking_status}`)} · ${t(`cases.values.decisionOrg.${record.vic_status_decision_org}`)}`
                    : t('cases.overview.notDecided'),
                ],
                [t('cases.fields.risk'), record.risk_level ? t(`cases.risk.${record.risk_level}`) : t('cases.overview.notAssessed')],
                [t('caseStory.age.label'), <AgeLine t={t} identity={id} ageStatus={record.age_status} today={vm.today} />],
                ...(closed ? ([[t('cases.closure.reason'), t(`cases.values.closure.${record.cas_reason_for_case_closure}`)]] as Array<[string, string]>) : []),
              ]}
            />
          </section>
          <section aria-labelledby="person-title">
            <h2 id="person-title">{t('cases.overview.person')}</h2>
            <SummaryList
              items={[...personSummaryItems(t, id, record), [t('cases.person.phone'), <span dir="ltr">{person.contact.phones?.join(', ') || '—'}</span>]]}
            />
          </section>
        </div>
        {gates.isChild ? (
          <section class="child-gates" aria-labelledby="child-title">
            <h2 id="child-title">{t('cases.children.safeguards')}</h2>
            <GateList t={t} gates={gates} />
            <p>
              <a href={`/staff/cases/${record.id}/child`}>{t('cases.children.open')}</a>
            </p>
          </section>
        ) : null}
        <section aria-labelledby="due-title">
          <h2 id="due-title">{t('cases.reminders.title')}</h2>
          <Table
            caption={t('cases.reminders.open')}
            head={[t('cases.reminders.dueOn'), t('cases.reminders.kind'), t('cases.reminders.text'), t('cases.fields.actions')]}
            rows={[
              ...vm.dueActions.map((a) => [
                <span class={a.dueOn < vm.today ? 'overdue' : undefined}>{t.date(a.dueOn)}</span>,
                t(`plans.types.${a.kind}`),
                <>
                  <bdi>{a.text}</bdi>
                  {a.ownerName ? (
                    <>
                      {' · '}
                      <bdi>{a.ownerName}</bdi>
                    </>
                  ) : null}
                </>,
                <a href={`/staff/cases/${record.id}/plan`}>{t('worklist.openPlan')}</a>,
              ]),
              ...reminders.map((r) => [
              <span class={r.due_on < vm.today ? 'overdue' : undefined}>{t.date(r.due_on)}</span>,
              `${t(`cases.values.reminder.${r.kind}`)}${r.required ? ` · ${t('cases.reminders.requiredMark')}` : ''}`,
              r.text,
              closed ? (
                ''
              ) : (
                <ActionButton
                  action={`/staff/cases/${record.id}/reminders/${r.id}/done`}
                  csrf={frame.csrf}
                  label={t('cases.reminders.done')}
                  fields={{ version: String(r.version) }}
                />
              ),
              ]),
            ]}
            empty={t('cases.reminders.none')}
          />
          {closed ? null : (
            <p>
              <a href={`/staff/cases/${record.id}/reminders/new`}>{t('cases.reminders.add')}</a>
            </p>
          )}
        </section>
        <StoryList t={t} story={vm.story} />
        <section aria-labelledby="context-title">
          <h2 id="context-title">{t('cases.overview.context')}</h2>
          <SummaryList
            items={[
              [
                t('cases.context.recruitmentMethod'),
                person.context.recruitmentMethod ? t(`cases.values.recruitment.${person.context.recruitmentMethod}`) : '—',
              ],
              [t('cases.context.methodsOfControl'), person.context.methodsOfControl?.map((m) => t(`cases.values.control.${m}`)).join(', ') || '—'],
              [t('cases.context.exploitationTypes'), person.context.exploitationTypes?.map((m) => t(`cases.values.exploitation.${m}`)).join(', ') || '—'],
              [t('cases.context.exploitationPlace'), person.context.exploitationPlace || '—'],
              [t('cases.context.perpetrators'), vm.perpetratorRoles.map((r) => t(`cases.values.perpetrator.${r}`)).join(', ') || '—'],
            ]}
          />
          {closed ? null : (
            <p>
              <a class="button button-secondary" href={`/staff/cases/${record.id}/edit`}>
                {t('cases.edit.title')}
              </a>
            </p>
          )}
        </section>
        {closed ? null : (
          <section aria-labelledby="actions-title">
            <h2 id="actions-title">{t('cases.overview.actions')}</h2>
            <Form t={t} action={`/staff/cases/${record.id}/stage`} csrf={frame.csrf} id="stage-form">
              <input type="hidden" name="version" value={String(record.version)} />
              <Select
                t={t}
                name="stage"
                label={t('cases.overview.moveTo')}
                hint={t('cases.overview.moveToHint')}
                options={options(
                  t,
                  'cases.stage',
                  STAGES.filter((s) => s !== 'closed'),
                )}
                value={record.stage}
              />
              <Submit label={t('cases.overview.move')} secondary />
            </Form>
            {users.length > 0 ? (
              <Form
                t={t}
                action={`/staff/cases/${record.id}/assign`}
                csrf={frame.csrf}
                id="assign-form"
                errors={problem?.form === 'assign' ? problem.errors : undefined}
                labels={{ ownerId: t('cases.assign.label') }}
              >
                <input type="hidden" name="version" value={String(record.version)} />
                <Select
                  t={t}
                  name="ownerId"
                  label={t('cases.assign.label')}
                  options={users.map((u) => ({ value: u.id, label: u.display_name }))}
                  value={record.owner_id}
                  emptyLabel={t('forms.choose')}
                  error={problem?.form === 'assign' ? problem.errors?.ownerId : undefined}
                />
                <Submit label={t('cases.assign.submit')} secondary />
              </Form>
            ) : null}
          </section>
        )}
      </>
    </CaseFrameView>
  );
}
