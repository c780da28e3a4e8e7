import type { FormProblem } from '../platform/http/form-action.js';
import { ActionButton, Choices, Form, Select, Submit, SummaryList, Table, TextArea, TextField } from '../platform/views/components.js';
import { type CaseFrame, CaseFrameView } from './case-frame.views.js';
import { options, RefusalBox, refusalOf } from './case-ui.js';
import { AGE_STATUSES, BID_DECISIONS, BID_QUESTIONS, FAMILY_OUTCOMES, GUARDIAN_KINDS } from './case-values.js';
import type { CaseRow } from './cases.table.js';
import type { PersonIdentity } from './person.js';

type Section = 'age' | 'guardian' | 'bia' | 'bid' | 'family';

export interface ChildModel {
  record: CaseRow;
  userId: string;
  canDecide: boolean;
  identity: PersonIdentity;
  gates: { hasGuardian: boolean; bidApproved: boolean; familyAssessed: boolean };
  recs: {
    guardians: Array<{
      id: string;
      kind: string;
      appointed_on: string;
      ended_on: string | null;
      version: number;
      details: { name: string; organisation?: string | undefined };
    }>;
    bias: Array<{ assessed_on: string; child_heard: number; summary: string }>;
    bids: Array<{
      id: string;
      decided_on: string;
      question: string;
      decision: string;
      panelList: string[];
      rationale: string;
      status: string;
      recorded_by: string | null;
      version: number;
    }>;
    families: Array<{ assessed_on: string; family_agrees: string; family_able: string; outcome: string; notes: string }>;
  };
  closed: boolean;
  today: string;
}

/** A child's safeguards: age, guardians, best-interests assessments and determinations, family assessments. */
export function ChildPage(frame: CaseFrame, vm: ChildModel, problem?: FormProblem) {
  const { t } = frame;
  const { record, recs, gates, closed, today } = vm;
  const raw = (s: Section) => (problem?.form === s ? problem.raw : {});
  const err = (s: Section) => (problem?.form === s ? problem.errors : undefined);
  const v = (s: Section, k: string, d = '') => String(raw(s)[k] ?? d);
  const yn3 = [
    { value: 'yes', label: t('forms.yes') },
    { value: 'no', label: t('forms.no') },
    { value: 'unknown', label: t('forms.unknown') },
  ];
  return (
    <CaseFrameView frame={frame}>
      <>
        <RefusalBox refusal={refusalOf(t, problem, ['guardianEnd', 'review'])} />
        <ul class="gate-list">
          <li class={gates.hasGuardian ? 'gate-ok' : 'gate-missing'}>
            {gates.hasGuardian ? t('cases.children.gateGuardianOk') : t('cases.children.gate.guardian')}
          </li>
          <li class={gates.bidApproved ? 'gate-ok' : 'gate-missing'}>{gates.bidApproved ? t('cases.children.gateBidOk') : t('cases.children.gate.bid')}</li>
          <li class={gates.familyAssessed ? 'gate-ok' : 'gate-missing'}>
            {gates.familyAssessed ? t('cases.children.gateFamilyOk') : t('cases.children.gate.family')}
          </li>
        </ul>

        <section aria-labelledby="age-title">
          <h2 id="age-title">{t('cases.children.age')}</h2>
          <SummaryList
            items={[
              [t('cases.fields.ageStatus'), t(`cases.values.ageStatus.${record.age_status}`)],
              [t('cases.children.treatedAsChild'), record.is_child ? t('forms.yes') : t('forms.no')],
            ]}
          />
          {closed ? null : (
            <Form
              t={t}
              action={`/staff/cases/${record.id}/child/age`}
              csrf={frame.csrf}
              errors={err('age')}
              id="age-form"
              labels={{ ageStatus: t('cases.fields.ageStatus'), birthDate: t('cases.person.birthDate'), estimatedAge: t('cases.children.minimumAge') }}
            >
              <input type="hidden" name="version" value={String(record.version)} />
              <Select
                t={t}
                name="ageStatus"
                label={t('cases.fields.ageStatus')}
                options={options(t, 'cases.values.ageStatus', AGE_STATUSES)}
                value={v('age', 'ageStatus', record.age_status)}
                required
                error={err('age')?.ageStatus}
              />
              <TextField
                t={t}
                name="birthDate"
                type="date"
                label={t('cases.person.birthDate')}
                value={v('age', 'birthDate', vm.identity.birthDate ?? '')}
                width="medium"
                error={err('age')?.birthDate}
              />
              <TextField
                t={t}
                name="estimatedAge"
                type="number"
                inputMode="numeric"
                label={t('cases.children.minimumAge')}
                hint={t('cases.children.minimumAgeHint')}
                value={v('age', 'estimatedAge', vm.identity.estimatedAge === undefined ? '' : String(vm.identity.estimatedAge))}
                width="short"
                error={err('age')?.estimatedAge}
              />
              <Choices
                t={t}
                name="doubt"
                multiple
                label={t('cases.children.doubtLegend')}
                options={[{ value: 'yes', label: t('cases.children.doubt') }]}
                value={v('age', 'doubt')}
              />
              <Submit label={t('forms.save')} secondary />
            </Form>
          )}
        </section>

        <section aria-labelledby="guardian-title">
          <h2 id="guardian-title">{t('cases.children.guardians')}</h2>
          <Table
            caption={t('cases.children.guardians')}
            head={[
              t('cases.children.guardianName'),
              t('cases.children.guardianKind'),
              t('cases.children.appointedOn'),
              t('cases.children.endedOn'),
              t('cases.fields.actions'),
            ]}
            rows={recs.guardians.map((g) => [
              `${g.details.name}${g.details.organisation ? ` · ${g.details.organisation}` : ''}`,
              t(`cases.children.guardianKinds.${g.kind}`),
              t.date(g.appointed_on),
              g.ended_on ? t.date(g.ended_on) : '—',
              g.ended_on || closed ? (
                ''
              ) : (
                <ActionButton
                  action={`/staff/cases/${record.id}/child/guardians/${g.id}/end`}
                  csrf={frame.csrf}
                  label={t('cases.children.endGuardian')}
                  fields={{ version: String(g.version) }}
                />
              ),
            ])}
            empty={t('cases.children.noGuardian')}
          />
          {closed ? null : (
            <Form
              t={t}
              action={`/staff/cases/${record.id}/child/guardians`}
              csrf={frame.csrf}
              errors={err('guardian')}
              id="guardian-form"
              hasRequired
              labels={{
                kind: t('cases.children.guardianKind'),
                name: t('cases.children.guardianName'),
                organisation: t('cases.children.guardianOrganisation'),
                contact: t('cases.children.guardianContact'),
                appointedOn: t('cases.children.appointedOn'),
              }}
            >
              <Select
                t={t}
                name="kind"
                label={t('cases.children.guardianKind')}
                options={options(t, 'cases.children.guardianKinds', GUARDIAN_KINDS)}
                value={v('guardian', 'kind')}
                emptyLabel={t('forms.choose')}
                required
                error={err('guardian')?.kind}
              />
              <TextField t={t} name="name" label={t('cases.children.guardianName')} value={v('guardian', 'name')} required error={err('guardian')?.name} />
              <TextField
                t={t}
                name="organisation"
                label={t('cases.children.guardianOrganisation')}
                value={v('guardian', 'organisation')}
                error={err('guardian')?.organisation}
              />
              <TextField t={t} name="contact" label={t('cases.children.guardianContact')} value={v('guardian', 'contact')} error={err('guardian')?.contact} />
              <TextField
                t={t}
                name="appointedOn"
                type="date"
                label={t('cases.children.appointedOn')}
                value={v('guardian', 'appointedOn', today)}
                required
                width="medium"
                error={err('guardian')?.appointedOn}
              />
              <Submit label={t('cases.children.appoint')} secondary />
            </Form>
          )}
        </section>

        <section aria-labelledby="bia-title">
          <h2 id="bia-title">{t('cases.children.bias')}</h2>
          <p class="hint">{t('cases.children.biaHint')}</p>
          <Table
            caption={t('cases.children.bias')}
            head={[t('cases.children.assessedOn'), t('cases.children.childHeard'), t('cases.children.summary')]}
            rows={recs.bias.map((b) => [t.date(b.assessed_on), b.child_heard ? t('forms.yes') : t('forms.no'), b.summary])}
            empty={t('cases.children.noBia')}
          />
          {closed ? null : (
            <Form
              t={t}
              action={`/staff/cases/${record.id}/child/bia`}
              csrf={frame.csrf}
              errors={err('bia')}
              id="bia-form"
              hasRequired
              labels={{ biaOn: t('cases.children.assessedOn'), summary: t('cases.children.summary') }}
            >
              <TextField
                t={t}
                name="biaOn"
                type="date"
                label={t('cases.children.assessedOn')}
                value={v('bia', 'biaOn', today)}
                required
                width="medium"
                error={err('bia')?.biaOn}
              />
              <Choices
                t={t}
                name="childHeard"
                multiple
                label={t('cases.children.childHeardLegend')}
                options={[{ value: 'yes', label: t('cases.children.childHeard') }]}
                value={v('bia', 'childHeard')}
              />
              <TextArea t={t} name="summary" label={t('cases.children.summary')} value={v('bia', 'summary')} rows={4} required error={err('bia')?.summary} />
              <Submit label={t('cases.children.addBia')} secondary />
            </Form>
          )}
        </section>

        <section aria-labelledby="bid-title">
          <h2 id="bid-title">{t('cases.children.bids')}</h2>
          <p class="hint">{t('cases.children.bidHint')}</p>
          <Table
            caption={t('cases.children.bids')}
            head={[
              t('cases.children.decidedOn'),
              t('cases.children.question'),
              t('cases.children.decision'),
              t('cases.children.panel'),
              t('cases.children.rationale'),
              t('cases.children.bidStatus'),
              t('cases.fields.actions'),
            ]}
            rows={recs.bids.map((b) => [
              t.date(b.decided_on),
              t(`cases.children.questions.${b.question}`),
              t(`cases.children.decisions.${b.decision}`),
              b.panelList.join(', '),
              b.rationale,
              t(`cases.children.bidStatuses.${b.status}`),
              b.status === 'submitted' && vm.canDecide && b.recorded_by !== vm.userId && !closed ? (
                <>
                  <ActionButton
                    action={`/staff/cases/${record.id}/child/bids/${b.id}/review`}
                    csrf={frame.csrf}
                    label={t('cases.children.approve')}
                    fields={{ decision: 'approve', version: String(b.version) }}
                  />
                  <ActionButton
                    action={`/staff/cases/${record.id}/child/bids/${b.id}/review`}
                    csrf={frame.csrf}
                    label={t('cases.children.reject')}
                    fields={{ decision: 'reject', version: String(b.version) }}
                    danger
                  />
                </>
              ) : (
                ''
              ),
            ])}
            empty={t('cases.children.noBid')}
          />
          {closed ? null : (
            <Form
              t={t}
              action={`/staff/cases/${record.id}/child/bids`}
              csrf={frame.csrf}
              errors={err('bid')}
              id="bid-form"
              hasRequired
              labels={{
                question: t('cases.children.question'),
                decision: t('cases.children.decision'),
                panel: t('cases.children.panel'),
                rationale: t('cases.children.rationale'),
                decidedOn: t('cases.children.decidedOn'),
              }}
            >
              <Select
                t={t}
                name="question"
                label={t('cases.children.question')}
                options={options(t, 'cases.children.questions', BID_QUESTIONS)}
                value={v('bid', 'question', 'durable_solution')}
                required
                error={err('bid')?.question}
              />
              <Select
                t={t}
                name="decision"
                label={t('cases.children.decision')}
                options={options(t, 'cases.children.decisions', BID_DECISIONS)}
                value={v('bid', 'decision')}
                emptyLabel={t('forms.choose')}
                required
                error={err('bid')?.decision}
              />
              <TextArea
                t={t}
                name="panel"
                label={t('cases.children.panel')}
                hint={t('cases.children.panelHint')}
                value={v('bid', 'panel')}
                rows={3}
                required
                error={err('bid')?.panel}
              />
              <TextArea
                t={t}
                name="rationale"
                label={t('cases.children.rationale')}
                value={v('bid', 'rationale')}
                rows={4}
                required
                error={err('bid')?.rationale}
              />
              <TextField
                t={t}
                name="decidedOn"
                type="date"
                label={t('cases.children.decidedOn')}
                value={v('bid', 'decidedOn', today)}
                required
                width="medium"
                error={err('bid')?.decidedOn}
              />
              <Submit label={t('cases.children.submitBid')} secondary />
            </Form>
          )}
        </section>

        <section aria-labelledby="family-title">
          <h2 id="family-title">{t('cases.children.families')}</h2>
          <Table
            caption={t('cases.children.families')}
            head={[
              t('cases.children.assessedOn'),
              t('cases.children.familyAgrees'),
              t('cases.children.familyAble'),
              t('cases.children.familyOutcome'),
              t('cases.children.notes'),
            ]}
            rows={recs.families.map((f) => [
              t.date(f.assessed_on),
              t(`forms.${f.family_agrees}`),
              t(`forms.${f.family_able}`),
              t(`cases.children.familyOutcomes.${f.outcome}`),
              f.notes,
            ])}
            empty={t('cases.children.noFamily')}
          />
          {closed ? null : (
            <Form
              t={t}
              action={`/staff/cases/${record.id}/child/family`}
              csrf={frame.csrf}
              errors={err('family')}
              id="family-form"
              hasRequired
              labels={{
                familyOn: t('cases.children.assessedOn'),
                familyAgrees: t('cases.children.familyAgrees'),
                familyAble: t('cases.children.familyAble'),
                outcome: t('cases.children.familyOutcome'),
                familyNotes: t('cases.children.notes'),
              }}
            >
              <TextField
                t={t}
                name="familyOn"
                type="date"
                label={t('cases.children.assessedOn')}
                value={v('family', 'familyOn', today)}
                required
                width="medium"
                error={err('family')?.familyOn}
              />
              <Choices
                t={t}
                name="familyAgrees"
                inline
                label={t('cases.children.familyAgrees')}
                options={yn3}
                value={v('family', 'familyAgrees')}
                required
                error={err('family')?.familyAgrees}
              />
              <Choices
                t={t}
                name="familyAble"
                inline
                label={t('cases.children.familyAble')}
                options={yn3}
                value={v('family', 'familyAble')}
                required
                error={err('family')?.familyAble}
              />
              <Select
                t={t}
                name="outcome"
                label={t('cases.children.familyOutcome')}
                options={options(t, 'cases.children.familyOutcomes', FAMILY_OUTCOMES)}
                value={v('family', 'outcome')}
                emptyLabel={t('forms.choose')}
                required
                error={err('family')?.outcome}
              />
              <TextArea
                t={t}
                name="familyNotes"
                label={t('cases.children.notes')}
                value={v('family', 'familyNotes')}
                rows={3}
                error={err('family')?.familyNotes}
              />
              <Submit label={t('cases.children.addFamily')} secondary />
            </Form>
          )}
        </section>
      </>
    </CaseFrameView>
  );
}
