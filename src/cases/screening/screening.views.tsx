import type { FormProblem } from '../../platform/http/form-action.js';
import { listSeparator, type Translator } from '../../platform/i18n/i18n.js';
import { Choices, Form, Submit, TextArea } from '../../platform/views/components.js';
import { caseFields } from '../case-fields.views.js';
import { type CaseFrame, CaseFrameView } from '../case-frame.views.js';
import { options, RefusalBox, refusalOf, typedFor } from '../case-ui.js';
import type { CaseRow } from '../cases.table.js';
import { DECISION_ORGS, TRAFFICKING_STATUSES } from '../cases.schema.js';
import type { ScreeningPrefill } from './context-facts.js';
import { DIMENSIONS, ILO, listFor } from './ilo.js';
import { ACTS, MEANS, PURPOSES, type Reason } from './screening-rules.js';

/** A reason as a sentence: its values (codes) are translated first. */
export function reasonText(t: Translator, r: Reason): string {
  const sep = listSeparator(t.locale);
  const v: Record<string, string | number> = { ...(r.values ?? {}) };
  const items = (prefix: string) =>
    String(v.items ?? '')
      .split(',')
      .filter(Boolean)
      .map((x) => t(`${prefix}.${x}`))
      .join(sep);
  if (r.code === 'actPresent') v.items = items('cases.screening.acts');
  if (r.code === 'meansPresent') v.items = items('cases.screening.means');
  if (r.code === 'purposePresent') v.items = items('cases.screening.purposes');
  if (typeof v.dimension === 'string') v.dimension = t(`cases.screening.dimensions.${v.dimension}`);
  if (typeof v.list === 'string') v.list = t(`cases.screening.lists.${v.list}`);
  if (typeof v.missing === 'string')
    v.missing = v.missing
      .split(',')
      .map((m) => t(`cases.screening.missing.${m}`))
      .join(sep);
  return t(`cases.screening.reason.${r.code}`, v);
}

export interface ScreeningModel {
  record: CaseRow;
  consented: boolean;
  canOverride: boolean;
  canDecide: boolean;
  latest: { created_at: string; outcome: string; reasonList: Reason[]; list_id: string; list_version: string } | undefined;
  closed: boolean;
  /** The answers the case's trafficking context already gives, when nothing was typed yet. */
  prefill: ScreeningPrefill | undefined;
}

/** The latest screening with its reasons, the status decision (a supervisor's), and the form for a new screening. */
export function ScreeningPage(frame: CaseFrame, vm: ScreeningModel, problem?: FormProblem) {
  const { t } = frame;
  const { record, consented, canOverride, latest, closed } = vm;
  const statusProblem = problem?.form === 'status' ? problem : undefined;
  const typedValues = typedFor(statusProblem ? undefined : problem);
  const errors = typedValues.errors;
  // Nothing typed yet: the form starts from the context's facts (what a person typed always wins).
  const prefill = problem && !statusProblem ? undefined : vm.prefill;
  const v = (k: string) => typedValues.v(k, k === 'exploitation' ? (prefill?.exploitation ?? '') : '');
  const arr = (k: string): string[] => {
    const typed = typedValues.list(k);
    if (!prefill || typed.length) return typed;
    return k === 'means' ? prefill.means : k === 'purposes' ? prefill.purposes : [];
  };
  const status = typedFor(statusProblem);
  const isChild = record.is_child === 1;
  const exploitation = v('exploitation') === 'sexual' ? 'sexual' : 'labour';
  const list = listFor(isChild, exploitation);
  // What the context says is the situation now: an indicator found in several dimensions is ticked in the last one
  // (at destination, not at recruitment).
  const situationDimension = new Map<string, string>();
  for (const d of DIMENSIONS) for (const i of ILO.lists[list.id]) if (i.dimension === d) situationDimension.set(i.id, d);
  const prefilledIndicator = (d: string, id: string) => (prefill ? prefill.indicatorIds.includes(id) && situationDimension.get(id) === d : false);
  const labels = {
    exploitation: t('cases.screening.exploitation'),
    acts: t('cases.screening.act'),
    means: t('cases.screening.meansLabel'),
    purposes: t('cases.screening.purpose'),
    indicators: t('cases.screening.indicators'),
    notes: t('cases.screening.notes'),
    overrideReason: t('cases.consent.overrideReason'),
  };
  const field = caseFields({ t, v, list: arr, errors, labels });
  const statusLabels = { status: t('cases.fields.trafficking'), decisionOrg: t('cases.screening.decisionOrg'), reason: t('caseStory.decision.reason') };
  const statusField = caseFields({ t, v: (k) => status.v(k), errors: status.errors, labels: statusLabels });
  return (
    <CaseFrameView frame={frame}>
      <>
        <RefusalBox refusal={refusalOf(t, problem, ['status'])} />
        {latest ? (
          <section class="screening-result" aria-labelledby="result-title">
            <h2 id="result-title">{t('cases.screening.latest', { date: t.date(latest.created_at, undefined, true) })}</h2>
            <p class="outcome">{t(`cases.screening.outcome.${latest.outcome}`)}</p>
            <h3>{t('cases.screening.reasons')}</h3>
            <ul class="reasons">
              {latest.reasonList.map((r) => (
                <li>{reasonText(t, r)}</li>
              ))}
            </ul>
            <p class="hint">{t('cases.screening.listUsed', { list: t(`cases.screening.lists.${latest.list_id}`), version: latest.list_version })}</p>
          </section>
        ) : null}
        <section aria-labelledby="decision-title">
          <h2 id="decision-title">{t('cases.screening.decisionTitle')}</h2>
          <p>
            {record.vic_trafficking_status
              ? t('cases.screening.decided', {
                  status: t(`cases.values.trafficking.${record.vic_trafficking_status}`),
                  org: t(`cases.values.decisionOrg.${record.vic_status_decision_org}`),
                  date: t.date(record.vic_status_decided_at ?? ''),
                })
              : t('cases.overview.notDecided')}
          </p>
          {vm.canDecide && !closed ? (
            <Form t={t} action={`/staff/cases/${record.id}/status`} csrf={frame.csrf} id="status-form" errors={status.errors} labels={statusLabels}>
              <input type="hidden" name="version" value={String(record.version)} />
              {statusField.select('status', 'cases.values.trafficking', TRAFFICKING_STATUSES, { required: true })}
              {statusField.select('decisionOrg', 'cases.values.decisionOrg', DECISION_ORGS, { required: true })}
              {statusField.area('reason', 3, { hint: t('caseStory.decision.reasonHint'), required: true })}
              <Submit label={t('cases.screening.decide')} />
            </Form>
          ) : (
            <p class="hint">{t('cases.screening.supervisorDecides')}</p>
          )}
        </section>
        {closed ? null : (
          <section aria-labelledby="form-title">
            <h2 id="form-title">{t('cases.screening.new')}</h2>
            {!consented ? (
              <div class="flash flash-error">
                <p>{t('cases.consent.required.screening')}</p>
                <p>
                  <a href={`/staff/cases/${record.id}/consent`}>{t('cases.screening.recordConsent')}</a>
                </p>
              </div>
            ) : null}
            {consented || canOverride ? (
              <Form t={t} action={`/staff/cases/${record.id}/screening`} csrf={frame.csrf} errors={errors} labels={labels} id="screening-form">
                <p class="hint">{isChild ? t('cases.screening.childRule') : t('cases.screening.adultRule')}</p>
                {prefill ? <p class="notice">{t('caseStory.screening.prefilled')}</p> : null}
                <Choices
                  t={t}
                  name="exploitation"
                  inline
                  label={labels.exploitation}
                  options={[
                    { value: 'labour', label: t('cases.screening.labour') },
                    { value: 'sexual', label: t('cases.screening.sexual') },
                  ]}
                  value={exploitation}
                  error={errors?.exploitation}
                />
                {field.ticks('acts', 'cases.screening.acts', ACTS)}
                {isChild ? null : field.ticks('means', 'cases.screening.means', MEANS)}
                {field.ticks('purposes', 'cases.screening.purposes', PURPOSES)}
                <h3>{labels.indicators}</h3>
                <p class="hint">{t('cases.screening.indicatorsHint', { list: t(`cases.screening.lists.${list.id}`) })}</p>
                {DIMENSIONS.map((d) => (
                  <fieldset class="fieldset" id={`f-ind-${d}`}>
                    <legend class="label">{t(`cases.screening.dimensions.${d}`)}</legend>
                    {ILO.lists[list.id]
                      .filter((i) => i.dimension === d)
                      .map((i) => {
                        const value = `${d}:${i.id}`;
                        const id = `f-ind-${d}-${i.id}`;
                        return (
                          <div class="choice">
                            <input
                              type="checkbox"
                              id={id}
                              name="indicators"
                              value={value}
                              checked={arr('indicators').includes(value) || prefilledIndicator(d, i.id)}
                            />
                            <label for={id}>
                              {t(`cases.ilo.${i.id}`)} <span class={`badge grade-${i.grade}`}>{t(`cases.screening.grade.${i.grade}`)}</span>
                            </label>
                          </div>
                        );
                      })}
                  </fieldset>
                ))}
                {isChild ? (
                  <Choices
                    t={t}
                    name="means"
                    multiple
                    label={t('cases.screening.meansChild')}
                    options={options(t, 'cases.screening.means', MEANS)}
                    value={arr('means')}
                  />
                ) : null}
                <TextArea t={t} name="notes" label={labels.notes} value={v('notes')} rows={3} error={errors?.notes} />
                {!consented && canOverride ? (
                  <TextArea
                    t={t}
                    name="overrideReason"
                    label={labels.overrideReason}
                    hint={t('cases.consent.overrideHint')}
                    value={v('overrideReason')}
                    rows={2}
                    error={errors?.overrideReason}
                  />
                ) : null}
                <Submit label={t('cases.screening.submit')} />
              </Form>
            ) : null}
          </section>
        )}
      </>
    </CaseFrameView>
  );
}
