import type { ComponentChildren } from 'preact';
import type { FormProblem } from '../platform/http/form-action.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { Choices, Form, Select, Submit, SummaryList, TextArea, TextField, TriState } from '../platform/views/components.js';
import { LEVEL_NAMES, LEVELS, type Level, NEEDS, SAFETY_QUESTIONS } from './assessments.schema.js';
import { type CaseFrame, CaseFrameView } from './case-frame.views.js';
import { options, RefusalBox, refusalOf, typedFor } from './case-ui.js';
import { RISK_LEVELS } from './cases.schema.js';

export interface AssessmentView {
  assessed_on: string;
  risk_level: string;
  safetyObj: Record<string, string>;
  needList: string[];
  factorObj: Record<Level, { risk: string[]; protective: string[] }>;
  notes: string;
}

export interface AssessmentsModel {
  past: AssessmentView[];
  closed: boolean;
  today: string;
}

function assessmentLabels(t: Translator): Record<string, string> {
  const labels: Record<string, string> = {
    assessedOn: t('cases.assessments.date'),
    riskLevel: t('cases.assessments.riskLevel'),
    needs: t('cases.assessments.needs'),
    notes: t('cases.assessments.notes'),
  };
  for (const q of SAFETY_QUESTIONS) labels[q] = t(`cases.assessments.safety.${q}`);
  for (const l of LEVEL_NAMES) {
    labels[`${l}Risk`] = t('cases.assessments.riskFactorsAt', { level: t(`cases.assessments.levels.${l}`) });
    labels[`${l}Protective`] = t('cases.assessments.protectiveFactorsAt', { level: t(`cases.assessments.levels.${l}`) });
  }
  return labels;
}

/** The case's assessments (safety, needs, risk and protective factors at four levels) and the form for a new one. */
export function AssessmentsPage(frame: CaseFrame, vm: AssessmentsModel, problem?: FormProblem) {
  const { t } = frame;
  const { past, closed } = vm;
  const { v, list: arr, errors } = typedFor(problem);
  const labels = assessmentLabels(t);
  return (
    <CaseFrameView frame={frame}>
      <>
        <RefusalBox refusal={refusalOf(t, problem)} />
        {past.map((a) => (
          <section class="assessment" aria-label={t('cases.assessments.of', { date: t.date(a.assessed_on) })}>
            <h2>{t('cases.assessments.of', { date: t.date(a.assessed_on) })}</h2>
            <SummaryList
              items={[
                [t('cases.assessments.riskLevel'), <span class={`badge badge-${a.risk_level}`}>{t(`cases.risk.${a.risk_level}`)}</span>],
                ...SAFETY_QUESTIONS.map((q) => [t(`cases.assessments.safety.${q}`), t(`forms.${a.safetyObj[q] ?? 'unknown'}`)] as [string, string]),
                [t('cases.assessments.needs'), a.needList.map((n) => t(`cases.assessments.needList.${n}`)).join(', ') || '—'],
                ...LEVEL_NAMES.map(
                  (l) =>
                    [
                      t(`cases.assessments.levels.${l}`),
                      <>
                        <p>
                          {t('cases.assessments.riskList', { items: a.factorObj[l]?.risk.map((f) => t(`cases.assessments.factors.${f}`)).join(', ') || '—' })}
                        </p>
                        <p>
                          {t('cases.assessments.protectiveList', {
                            items: a.factorObj[l]?.protective.map((f) => t(`cases.assessments.factors.${f}`)).join(', ') || '—',
                          })}
                        </p>
                      </>,
                    ] as [string, ComponentChildren],
                ),
                [t('cases.assessments.notes'), a.notes || '—'],
              ]}
            />
          </section>
        ))}
        {past.length === 0 ? <p class="empty">{t('cases.assessments.none')}</p> : null}
        {closed ? null : (
          <>
            <h2>{t('cases.assessments.new')}</h2>
            <Form
              t={t}
              action={`/staff/cases/${frame.record.id}/assessments`}
              csrf={frame.csrf}
              errors={errors}
              labels={labels}
              hasRequired
              id="assessment-form"
            >
              <TextField
                t={t}
                name="assessedOn"
                type="date"
                label={labels.assessedOn ?? ''}
                value={v('assessedOn') || vm.today}
                required
                width="medium"
                error={errors?.assessedOn}
              />
              <h3>{t('cases.assessments.safetyTitle')}</h3>
              {SAFETY_QUESTIONS.map((q) => (
                <TriState t={t} name={q} label={labels[q] ?? ''} value={v(q)} error={errors?.[q]} />
              ))}
              <Choices
                t={t}
                name="needs"
                multiple
                label={labels.needs ?? ''}
                options={options(t, 'cases.assessments.needList', NEEDS)}
                value={arr('needs')}
                error={errors?.needs}
              />
              <h3>{t('cases.assessments.factorsTitle')}</h3>
              <p class="hint">{t('cases.assessments.factorsHint')}</p>
              {LEVEL_NAMES.map((l) => (
                <>
                  <Choices
                    t={t}
                    name={`${l}Risk`}
                    multiple
                    label={labels[`${l}Risk`] ?? ''}
                    options={options(t, 'cases.assessments.factors', LEVELS[l].risk)}
                    value={arr(`${l}Risk`)}
                    error={errors?.[`${l}Risk`]}
                  />
                  <Choices
                    t={t}
                    name={`${l}Protective`}
                    multiple
                    label={labels[`${l}Protective`] ?? ''}
                    options={options(t, 'cases.assessments.factors', LEVELS[l].protective)}
                    value={arr(`${l}Protective`)}
                    error={errors?.[`${l}Protective`]}
                  />
                </>
              ))}
              <Select
                t={t}
                name="riskLevel"
                label={labels.riskLevel ?? ''}
                hint={t('cases.assessments.riskLevelHint')}
                options={options(t, 'cases.risk', RISK_LEVELS)}
                value={v('riskLevel')}
                emptyLabel={t('forms.choose')}
                required
                error={errors?.riskLevel}
              />
              <TextArea t={t} name="notes" label={labels.notes ?? ''} value={v('notes')} rows={3} error={errors?.notes} />
              <Submit label={t('cases.assessments.save')} />
            </Form>
          </>
        )}
      </>
    </CaseFrameView>
  );
}
