import type { Translator } from '../platform/i18n/i18n.js';
import { ActionButton, Choices, type FieldErrors, Form, Select, Submit, Table, TextArea, TextField } from '../platform/views/components.js';
import { options } from './case-ui.js';
import { BID_DECISIONS, BID_QUESTIONS, FAMILY_OUTCOMES } from './case-values.js';
import type { CaseRow } from './cases.table.js';
import type { PersonIdentity } from './person.js';

export type Section = 'age' | 'guardian' | 'bia' | 'bid' | 'family';

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

/** What each section of the child tab needs: the model, the typed values and errors of its own form. */
export interface SectionProps {
  t: Translator;
  csrf: string;
  vm: ChildModel;
  v: (s: Section, k: string, d?: string) => string;
  err: (s: Section) => FieldErrors | undefined;
}

/** Best-interests assessments, repeated at each step; the child is heard. */
export function BiaSection(props: { s: SectionProps }) {
  const { t, csrf, vm, v, err } = props.s;
  const { record, recs, closed, today } = vm;
  return (
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
          csrf={csrf}
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
  );
}

/** Best-interests determinations: a panel's decision, approved or rejected by a supervisor who did not record it. */
export function BidSection(props: { s: SectionProps }) {
  const { t, csrf, vm, v, err } = props.s;
  const { record, recs, closed, today } = vm;
  return (
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
                csrf={csrf}
                label={t('cases.children.approve')}
                fields={{ decision: 'approve', version: String(b.version) }}
              />
              <ActionButton
                action={`/staff/cases/${record.id}/child/bids/${b.id}/review`}
                csrf={csrf}
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
          csrf={csrf}
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
  );
}

/** Family assessments, required before any return. */
export function FamilySection(props: { s: SectionProps }) {
  const { t, csrf, vm, v, err } = props.s;
  const { record, recs, closed, today } = vm;
  const yn3 = [
    { value: 'yes', label: t('forms.yes') },
    { value: 'no', label: t('forms.no') },
    { value: 'unknown', label: t('forms.unknown') },
  ];
  return (
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
          csrf={csrf}
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
          <TextArea t={t} name="familyNotes" label={t('cases.children.notes')} value={v('family', 'familyNotes')} rows={3} error={err('family')?.familyNotes} />
          <Submit label={t('cases.children.addFamily')} secondary />
        </Form>
      )}
    </section>
  );
}
