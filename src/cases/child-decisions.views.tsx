import type { Translator } from '../platform/i18n/i18n.js';
import { ActionButton, Choices, type FieldErrors, Form, Select, Submit, Table } from '../platform/views/components.js';
import { caseFields } from './case-fields.views.js';
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

/** The fields of one section's form: what was typed in it (or its defaults), its errors, its labels. */
export function sectionFields(
  s: SectionProps,
  section: Section,
  { labels, defaults = {} }: { labels: Record<string, string>; defaults?: Record<string, string> },
) {
  return caseFields({ t: s.t, v: (k) => s.v(section, k, defaults[k]), errors: s.err(section), labels });
}

/** Best-interests assessments, repeated at each step; the child is heard. */
export function BiaSection(props: { s: SectionProps }) {
  const { t, csrf, vm, v, err } = props.s;
  const { record, recs, closed, today } = vm;
  const labels = { biaOn: t('cases.children.assessedOn'), summary: t('cases.children.summary') };
  const field = sectionFields(props.s, 'bia', { labels, defaults: { biaOn: today } });
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
        <Form t={t} action={`/staff/cases/${record.id}/child/bia`} csrf={csrf} errors={err('bia')} id="bia-form" hasRequired labels={labels}>
          {field.date('biaOn', { required: true })}
          <Choices
            t={t}
            name="childHeard"
            multiple
            label={t('cases.children.childHeardLegend')}
            options={[{ value: 'yes', label: t('cases.children.childHeard') }]}
            value={v('bia', 'childHeard')}
          />
          {field.area('summary', 4, { required: true })}
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
  const labels = {
    question: t('cases.children.question'),
    decision: t('cases.children.decision'),
    panel: t('cases.children.panel'),
    rationale: t('cases.children.rationale'),
    decidedOn: t('cases.children.decidedOn'),
  };
  const field = sectionFields(props.s, 'bid', { labels, defaults: { decidedOn: today } });
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
        <Form t={t} action={`/staff/cases/${record.id}/child/bids`} csrf={csrf} errors={err('bid')} id="bid-form" hasRequired labels={labels}>
          <Select
            t={t}
            name="question"
            label={t('cases.children.question')}
            options={options(t, 'cases.children.questions', BID_QUESTIONS)}
            value={v('bid', 'question', 'durable_solution')}
            required
            error={err('bid')?.question}
          />
          {field.select('decision', 'cases.children.decisions', BID_DECISIONS, { required: true })}
          {field.area('panel', 3, { hint: t('cases.children.panelHint'), required: true })}
          {field.area('rationale', 4, { required: true })}
          {field.date('decidedOn', { required: true })}
          <Submit label={t('cases.children.submitBid')} secondary />
        </Form>
      )}
    </section>
  );
}

/** Family assessments, required before any return. */
export function FamilySection(props: { s: SectionProps }) {
  const { t, csrf, vm, err } = props.s;
  const { record, recs, closed, today } = vm;
  const labels = {
    familyOn: t('cases.children.assessedOn'),
    familyAgrees: t('cases.children.familyAgrees'),
    familyAble: t('cases.children.familyAble'),
    outcome: t('cases.children.familyOutcome'),
    familyNotes: t('cases.children.notes'),
  };
  const field = sectionFields(props.s, 'family', { labels, defaults: { familyOn: today } });
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
        <Form t={t} action={`/staff/cases/${record.id}/child/family`} csrf={csrf} errors={err('family')} id="family-form" hasRequired labels={labels}>
          {field.date('familyOn', { required: true })}
          {field.tri('familyAgrees', { required: true })}
          {field.tri('familyAble', { required: true })}
          {field.select('outcome', 'cases.children.familyOutcomes', FAMILY_OUTCOMES, { required: true })}
          {field.area('familyNotes', 3)}
          <Submit label={t('cases.children.addFamily')} secondary />
        </Form>
      )}
    </section>
  );
}
