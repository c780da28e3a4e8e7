import type { FormProblem } from '../platform/http/form-action.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { ActionButton, Form, Select, Submit, Table, TextField } from '../platform/views/components.js';
import { fieldsOf, ProblemNote } from '../platform/views/form-problem.js';
import type { Breakdown, JusticeFiguresModel, Shown } from './figures.service.js';
import type { DueModel, KindView } from './justice-view.service.js';
import { STATUS_CATEGORIES } from './justice.schema.js';
import { Countdown, kindName, money, options } from './view-parts.js';

/** Periods and permits ending soon (or ended) and coming hearings in the user's cases. */
export function DueView(props: { t: Translator; model: DueModel }) {
  const { t, model } = props;
  return (
    <>
      <h1>{t('justice.due.title')}</h1>
      <h2>{t('justice.due.statuses')}</h2>
      <Table
        caption={t('justice.due.statuses')}
        head={[t('justice.due.case'), t('justice.status.kind'), t('justice.status.endOn'), t('justice.status.countdown'), t('justice.due.warned')]}
        rows={model.statuses.map((s) => [
          <a href={`/staff/cases/${s.caseId}/legal-status`} dir="ltr">
            {s.caseNumber}
          </a>,
          kindName(t, s.kind, model.kindLabels[s.kind]),
          t.date(s.endOn),
          <Countdown t={t} daysLeft={s.daysLeft} ending={s.warned} />,
          s.warned ? t('forms.yes') : t('forms.no'),
        ])}
        empty={t('justice.due.noStatuses')}
      />
      <h2>{t('justice.due.hearings')}</h2>
      <Table
        caption={t('justice.due.hearings')}
        head={[t('justice.due.case'), t('justice.hearing.heldOn'), t('justice.hearing.place'), t('justice.hearing.mustAttend')]}
        rows={model.hearings.map((h) => [
          <a href={`/staff/cases/${h.caseId}/proceedings`} dir="ltr">
            {h.caseNumber}
          </a>,
          t.date(h.heldOn),
          <span dir="auto">{h.place ?? '—'}</span>,
          h.mustAttend ? t('forms.yes') : t('forms.no'),
        ])}
        empty={t('justice.due.noHearings')}
      />
    </>
  );
}

export interface KindsPageModel {
  offices: Array<{ id: string; code: string; name: string }>;
  officeId: string;
  kinds: KindView[];
}

/** An office's kinds of status: the defaults and its own, with the form to add one. */
export function KindsView(props: { t: Translator; csrf: string; model: KindsPageModel; problem?: FormProblem | undefined }) {
  const { t, csrf, model, problem } = props;
  const labels = {
    code: t('justice.kindsPage.code'),
    label: t('justice.kindsPage.label'),
    category: t('justice.kindsPage.category'),
    defaultDays: t('justice.kindsPage.defaultDays'),
    warnDays: t('justice.kindsPage.warnDays'),
  };
  const field = fieldsOf(t, { labels, problem });
  const base = `/staff/justice/kinds/${model.officeId}`;
  return (
    <>
      <h1>{t('justice.kindsPage.title')}</h1>
      <ProblemNote t={t} problem={problem} onFields={problem !== undefined && !problem.refusal} />
      {model.offices.length > 1 ? (
        <p>
          {model.offices.map((o) => (
            <>
              <a href={`/staff/justice/kinds/${o.id}`} aria-current={o.id === model.officeId ? 'page' : undefined}>
                {o.name}
              </a>{' '}
            </>
          ))}
        </p>
      ) : null}
      <Table
        caption={t('justice.kindsPage.title')}
        head={[t('justice.kindsPage.label'), t('justice.kindsPage.category'), t('justice.kindsPage.defaultDays'), t('justice.kindsPage.warnDays'), '']}
        rows={model.kinds.map((k) => [
          <span dir="auto">{kindName(t, k.code, k.label)}</span>,
          t(`justice.categories.${k.category}`),
          k.defaultDays ? t('justice.kindsPage.days', { n: k.defaultDays }) : '—',
          t('justice.kindsPage.days', { n: k.warnDays }),
          k.own ? <ActionButton action={`${base}/${k.id}/retire`} csrf={csrf} label={t('justice.kindsPage.retire')} /> : t('justice.kindsPage.default'),
        ])}
      />
      <h2>{t('justice.kindsPage.add')}</h2>
      <Form t={t} id="kind-form" action={base} csrf={csrf} errors={problem?.errors} labels={labels} hasRequired>
        <TextField {...field('label')} maxLength={120} required />
        <TextField {...field('code')} maxLength={40} required hint={t('justice.kindsPage.codeHint')} dir="ltr" />
        <Select {...field('category', 'permit')} options={options(t, 'justice.categories', STATUS_CATEGORIES)} required />
        <TextField {...field('defaultDays')} type="number" width="short" />
        <TextField {...field('warnDays', '30')} type="number" width="short" required />
        <Submit label={t('justice.kindsPage.add')} />
      </Form>
    </>
  );
}

function shown(t: Translator, v: Shown, threshold: number): string {
  return v === null ? t('justice.figures.fewerThan', { n: threshold }) : t.number(v);
}

function BreakdownTable(props: { t: Translator; caption: string; prefix: string; b: Breakdown; threshold: number }) {
  const { t, b } = props;
  return (
    <Table
      caption={props.caption}
      head={[t('justice.figures.value'), t('justice.figures.count')]}
      rows={[
        ...b.cells.map((c) => [t(`${props.prefix}.${c.key}`), shown(t, c.value, props.threshold)]),
        [t('justice.figures.total'), shown(t, b.total, props.threshold)],
      ]}
    />
  );
}

/** The justice figures of the offices the user sees statistics of, small counts hidden. */
export function FiguresView(props: { t: Translator; model: JusticeFiguresModel }) {
  const { t, model } = props;
  const th = model.threshold;
  return (
    <>
      <h1>{t('justice.figures.title')}</h1>
      <p class="hint">{t('justice.figures.scope', { offices: model.offices.map((o) => o.name).join(', ') || '—', n: th })}</p>
      <h2>{t('justice.figures.reflection')}</h2>
      <BreakdownTable t={t} caption={t('justice.figures.reflection')} prefix="justice.states" b={model.reflection.granted} threshold={th} />
      <p>
        {model.reflection.averageDays === null
          ? t('justice.figures.averageHidden')
          : t('justice.figures.averageDays', { days: t.number(model.reflection.averageDays) })}
      </p>
      <h2>{t('justice.figures.permits')}</h2>
      <BreakdownTable t={t} caption={t('justice.figures.permits')} prefix="justice.states" b={model.permits} threshold={th} />
      <h2>{t('justice.figures.stages')}</h2>
      <BreakdownTable t={t} caption={t('justice.figures.stages')} prefix="justice.stages" b={model.stages} threshold={th} />
      <h2>{t('justice.figures.outcomes')}</h2>
      <BreakdownTable t={t} caption={t('justice.figures.outcomes')} prefix="justice.outcomes" b={model.outcomes} threshold={th} />
      <h2>{t('justice.figures.testimony')}</h2>
      <Table
        caption={t('justice.figures.testimony')}
        head={[t('justice.figures.value'), t('justice.figures.count')]}
        rows={[
          [t('justice.figures.linked'), shown(t, model.testimony.linked, th)],
          [t('justice.figures.testified'), shown(t, model.testimony.testified, th)],
        ]}
      />
      <h2>{t('justice.figures.nonPunishment')}</h2>
      <BreakdownTable t={t} caption={t('justice.figures.nonPunishment')} prefix="justice.requestOutcomes" b={model.nonPunishment} threshold={th} />
      <h2>{t('justice.figures.compensation')}</h2>
      <Table
        caption={t('justice.figures.compensation')}
        head={[
          t('justice.compensation.currency'),
          t('justice.figures.claims'),
          t('justice.figures.awards'),
          t('justice.compensation.awarded'),
          t('justice.compensation.received'),
        ]}
        rows={model.compensation.map((c) => [
          c.currency,
          shown(t, c.claims, th),
          shown(t, c.awards, th),
          c.awarded === null ? t('justice.figures.hidden') : <span dir="ltr">{money(t, c.awarded, c.currency)}</span>,
          c.received === null ? t('justice.figures.hidden') : <span dir="ltr">{money(t, c.received, c.currency)}</span>,
        ])}
        empty={t('justice.figures.noCompensation')}
      />
    </>
  );
}
