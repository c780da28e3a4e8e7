import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash } from '../platform/http/plumbing.js';
import { Choices, type FieldErrors, Form, Select, Submit, SummaryList, TextArea, TextField, TriState } from '../platform/views/components.js';
import { AssessmentBody, assessments, LEVEL_NAMES, LEVELS, NEEDS, recordAssessment, SAFETY_QUESTIONS } from './assessments.js';
import { loadCaseFor } from './case-access.js';
import { CasePage } from './case-layout.js';
import { CASE_ACCESS, csrfOf, options, type Refusal, RefusalBox, runPost } from './case-ui.js';
import { RISK_LEVELS } from './cases.schema.js';
import type { CaseRow } from './cases.table.js';

export async function assessmentPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const page = async (request: FastifyRequest, record: CaseRow, raw: Record<string, unknown> = {}, errors?: FieldErrors, refusal?: Refusal) => {
    const t = request.t;
    const past = await assessments(ctx, record.id);
    const v = (k: string) => String(raw[k] ?? '');
    const arr = (k: string) => (Array.isArray(raw[k]) ? (raw[k] as string[]) : []);
    const closed = record.cas_status === 'Closed' || record.cas_status === 'ClosedReferred';
    const labels: Record<string, string> = { assessedOn: t('cases.assessments.date'), riskLevel: t('cases.assessments.riskLevel'), needs: t('cases.assessments.needs'), notes: t('cases.assessments.notes') };
    for (const q of SAFETY_QUESTIONS) labels[q] = t(`cases.assessments.safety.${q}`);
    for (const l of LEVEL_NAMES) {
      labels[`${l}Risk`] = t('cases.assessments.riskFactorsAt', { level: t(`cases.assessments.levels.${l}`) });
      labels[`${l}Protective`] = t('cases.assessments.protectiveFactorsAt', { level: t(`cases.assessments.levels.${l}`) });
    }
    return CasePage({
      request,
      record,
      tab: 'assessments',
      title: t('cases.assessments.title'),
      children: (
        <>
          <RefusalBox refusal={refusal} />
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
                          <p>{t('cases.assessments.riskList', { items: a.factorObj[l]?.risk.map((f) => t(`cases.assessments.factors.${f}`)).join(', ') || '—' })}</p>
                          <p>{t('cases.assessments.protectiveList', { items: a.factorObj[l]?.protective.map((f) => t(`cases.assessments.factors.${f}`)).join(', ') || '—' })}</p>
                        </>,
                      ] as [string, preact.ComponentChildren],
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
              <Form t={t} action={`/staff/cases/${record.id}/assessments`} csrf={csrfOf(request)} errors={errors} labels={labels} hasRequired id="assessment-form">
                <TextField t={t} name="assessedOn" type="date" label={labels.assessedOn ?? ''} value={v('assessedOn') || new Date().toISOString().slice(0, 10)} required width="medium" error={errors?.assessedOn} />
                <h3>{t('cases.assessments.safetyTitle')}</h3>
                {SAFETY_QUESTIONS.map((q) => (
                  <TriState t={t} name={q} label={labels[q] ?? ''} value={v(q)} error={errors?.[q]} />
                ))}
                <Choices t={t} name="needs" multiple label={labels.needs ?? ''} options={options(t, 'cases.assessments.needList', NEEDS)} value={arr('needs')} error={errors?.needs} />
                <h3>{t('cases.assessments.factorsTitle')}</h3>
                <p class="hint">{t('cases.assessments.factorsHint')}</p>
                {LEVEL_NAMES.map((l) => (
                  <>
                    <Choices t={t} name={`${l}Risk`} multiple label={labels[`${l}Risk`] ?? ''} options={options(t, 'cases.assessments.factors', LEVELS[l].risk)} value={arr(`${l}Risk`)} error={errors?.[`${l}Risk`]} />
                    <Choices t={t} name={`${l}Protective`} multiple label={labels[`${l}Protective`] ?? ''} options={options(t, 'cases.assessments.factors', LEVELS[l].protective)} value={arr(`${l}Protective`)} error={errors?.[`${l}Protective`]} />
                  </>
                ))}
                <Select t={t} name="riskLevel" label={labels.riskLevel ?? ''} hint={t('cases.assessments.riskLevelHint')} options={options(t, 'cases.risk', RISK_LEVELS)} value={v('riskLevel')} emptyLabel={t('forms.choose')} required error={errors?.riskLevel} />
                <TextArea t={t} name="notes" label={labels.notes ?? ''} value={v('notes')} rows={3} error={errors?.notes} />
                <Submit label={t('cases.assessments.save')} />
              </Form>
            </>
          )}
        </>
      ),
    });
  };

  app.get('/staff/cases/:id/assessments', { config: CASE_ACCESS }, async (request, reply) => {
    const record = await loadCaseFor(request);
    return reply.page(await page(request, record));
  });

  app.post('/staff/cases/:id/assessments', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const form = parseForm(AssessmentBody, request.body);
    if (!form.ok) return reply.page(await page(request, record, form.raw, form.errors), 400);
    const r = await runPost(request, reply, () => recordAssessment(ctx, auth.user, record, form.value), async (errors, refusal, status) => reply.page(await page(request, record, form.value, errors, refusal), status));
    if (r) return r;
    await setFlash(request, 'success', 'cases.assessments.saved');
    return reply.redirect(`/staff/cases/${record.id}/assessments`, 303);
  });
}
