import type { Translator } from '../platform/i18n/i18n.js';
import { type FieldErrors, Form, Select, Submit, TextField } from '../platform/views/components.js';

/** What the report page needs to open a case from the report, or to attach it to a linked report's case. */
export interface CaseStoryModel {
  reportId: string;
  version: number;
  cases: Array<{ id: string; caseNumber: string; kind: string }>;
  attachable: Array<{ id: string; caseNumber: string; via: string }>;
  caseWorkers: Array<{ id: string; display_name: string }>;
  /** The office's rule for a case opened with nobody chosen. */
  assignmentRule: 'none' | 'round_robin' | 'fewest_open';
}

/** The "open a case" card: who takes it, how many people the report is about; never the reporter's consent. */
export function OpenCaseCard(props: {
  t: Translator;
  m: CaseStoryModel;
  csrf: string;
  errors?: FieldErrors | undefined;
  raw?: Record<string, unknown> | undefined;
}) {
  const { t, m } = props;
  const raw = (k: string) => (typeof props.raw?.[k] === 'string' ? (props.raw[k] as string) : undefined);
  return (
    <div class="card">
      <h3>{t('reports.triage.openCaseTitle')}</h3>
      <p>{t('caseStory.open.text')}</p>
      <Form
        t={t}
        action={`/staff/reports/${m.reportId}/case`}
        csrf={props.csrf}
        errors={props.errors}
        id="open-case-form"
        idPrefix="open"
        labels={{ ownerId: t('caseStory.open.owner'), people: t('caseStory.open.people') }}
      >
        <input type="hidden" name="version" value={String(m.version)} />
        <Select
          t={t}
          name="ownerId"
          idPrefix="open"
          label={t('caseStory.open.owner')}
          hint={t('caseStory.open.ownerHint')}
          options={m.caseWorkers.map((u) => ({ value: u.id, label: u.display_name }))}
          value={raw('ownerId')}
          emptyLabel={t(`caseStory.open.byRule.${m.assignmentRule}`)}
          error={props.errors?.ownerId}
        />
        <TextField
          t={t}
          name="people"
          idPrefix="open"
          type="number"
          width="short"
          label={t('caseStory.open.people')}
          hint={t('caseStory.open.peopleHint')}
          value={raw('people') ?? '1'}
          error={props.errors?.people}
        />
        <Submit label={t('reports.triage.openCase')} />
      </Form>
    </div>
  );
}

/** Attach the report to the case of a report it is linked to. */
export function AttachCaseCard(props: { t: Translator; m: CaseStoryModel; csrf: string; errors?: FieldErrors | undefined }) {
  const { t, m } = props;
  if (m.attachable.length === 0) return null;
  return (
    <div class="card">
      <h3>{t('caseStory.attach.title')}</h3>
      <p>{t('caseStory.attach.text')}</p>
      <Form
        t={t}
        action={`/staff/reports/${m.reportId}/attach`}
        csrf={props.csrf}
        errors={props.errors}
        id="attach-form"
        idPrefix="attach"
        labels={{ caseId: t('caseStory.attach.case') }}
      >
        <input type="hidden" name="version" value={String(m.version)} />
        <Select
          t={t}
          name="caseId"
          idPrefix="attach"
          label={t('caseStory.attach.case')}
          options={m.attachable.map((c) => ({ value: c.id, label: t('caseStory.attach.option', { caseNumber: c.caseNumber, reference: c.via }) }))}
          emptyLabel={t('forms.choose')}
          error={props.errors?.caseId}
        />
        <Submit label={t('caseStory.attach.submit')} secondary />
      </Form>
    </div>
  );
}

/** The cases of this report, each a link to its case page. */
export function ReportCases(props: { t: Translator; m: CaseStoryModel }) {
  const { t, m } = props;
  if (m.cases.length === 0) return <p>{t('reports.triage.caseOpenedText')}</p>;
  return (
    <section aria-labelledby="h-report-cases">
      <h2 id="h-report-cases">{t('caseStory.report.casesTitle')}</h2>
      <ul>
        {m.cases.map((c) => (
          <li>
            <a href={`/staff/cases/${c.id}`} dir="ltr">
              {c.caseNumber}
            </a>{' '}
            · {t(`caseStory.kind.${c.kind === 'attached' ? 'attached' : 'opened'}`)}
          </li>
        ))}
      </ul>
    </section>
  );
}
