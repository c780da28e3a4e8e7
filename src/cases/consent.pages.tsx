import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { ActionButton, Choices, type FieldErrors, Form, Select, Submit, Table } from '../platform/views/components.js';
import { loadCaseFor } from './case-access.js';
import { CasePage } from './case-layout.js';
import { CASE_ACCESS, csrfOf, options, type Refusal, RefusalBox, runPost, yesNo } from './case-ui.js';
import { CONSENT_EXPLAINED, ConsentBody } from './cases.schema.js';
import type { CaseRow } from './cases.table.js';
import { consentsOf, recordConsentDecision, withdrawConsentDecision } from './consent-records.js';
import { CONSENT_PURPOSES } from './consent.js';

const LANGUAGES = ['fr', 'en', 'ar', 'es', 'pt', 'bm', 'wo', 'ha', 'yo', 'ig', 'tw', 'ti', 'am', 'so', 'ff'] as const;

export async function consentPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const page = async (request: FastifyRequest, record: CaseRow, raw: Record<string, unknown> = {}, errors?: FieldErrors, refusal?: Refusal) => {
    const t = request.t;
    const csrf = csrfOf(request);
    const rows = await consentsOf(ctx, record.id);
    const orgs = await ctx.db.selectFrom('organisations').select(['id', 'org_name']).orderBy('org_name').execute();
    const v = (k: string) => String(raw[k] ?? '');
    const closed = record.cas_status === 'Closed' || record.cas_status === 'ClosedReferred';
    const labels = {
      purpose: t('cases.consent.purpose'),
      given: t('cases.consent.decision'),
      organisationId: t('cases.consent.organisation'),
      language: t('cases.consent.language'),
      interpreter: t('cases.consent.interpreter'),
      explained: t('cases.consent.explained'),
      childAssent: t('cases.consent.childAssent'),
      guardianConsent: t('cases.consent.guardianConsent'),
    };
    const yn = [
      { value: 'yes', label: t('forms.yes') },
      { value: 'no', label: t('forms.no') },
    ];
    return CasePage({
      request,
      record,
      tab: 'consent',
      title: t('cases.consent.title'),
      children: (
        <>
          <RefusalBox refusal={refusal} />
          <Table
            caption={t('cases.consent.recorded')}
            head={[t('cases.consent.purpose'), t('cases.consent.decision'), t('cases.consent.date'), t('cases.consent.language'), t('cases.consent.interpreter'), ...(record.is_child ? [t('cases.consent.childAssent'), t('cases.consent.guardianConsent')] : []), t('cases.consent.withdrawn'), t('cases.fields.actions')]}
            rows={rows.map((c) => [
              `${t(`cases.consent.purposes.${c.purpose}`)}${c.org_name ? ` · ${c.org_name}` : ''}`,
              c.given ? t('cases.consent.given') : t('cases.consent.refused'),
              t.date(c.decided_at, undefined, true),
              c.language ? t(`cases.consent.languages.${c.language}`) : '—',
              yesNo(t, c.interpreter),
              ...(record.is_child ? [yesNo(t, c.child_assent), yesNo(t, c.guardian_consent)] : []),
              c.withdrawn_at ? t.date(c.withdrawn_at, undefined, true) : '—',
              c.given && !c.withdrawn_at && !closed ? <ActionButton action={`/staff/cases/${record.id}/consent/${c.id}/withdraw`} csrf={csrf} label={t('cases.consent.withdraw')} danger /> : '',
            ])}
            empty={t('cases.consent.none')}
          />
          {closed ? null : (
            <>
              <h2>{t('cases.consent.record')}</h2>
              <p class="hint">{t('cases.consent.intro')}</p>
              <Form t={t} action={`/staff/cases/${record.id}/consent`} csrf={csrf} errors={errors} labels={labels} hasRequired id="consent-form">
                <Select t={t} name="purpose" label={labels.purpose} options={options(t, 'cases.consent.purposes', CONSENT_PURPOSES)} value={v('purpose')} emptyLabel={t('forms.choose')} required error={errors?.purpose} />
                <Select t={t} name="organisationId" label={labels.organisationId} hint={t('cases.consent.organisationHint')} options={orgs.map((o) => ({ value: o.id, label: o.org_name }))} value={v('organisationId')} emptyLabel={t('forms.none')} error={errors?.organisationId} />
                <Choices t={t} name="given" inline label={labels.given} options={[{ value: 'yes', label: t('cases.consent.given') }, { value: 'no', label: t('cases.consent.refused') }]} value={v('given')} required error={errors?.given} />
                <Select t={t} name="language" label={labels.language} options={options(t, 'cases.consent.languages', LANGUAGES)} value={v('language')} emptyLabel={t('forms.choose')} error={errors?.language} />
                <Choices t={t} name="interpreter" inline label={labels.interpreter} options={yn} value={v('interpreter')} error={errors?.interpreter} />
                <Choices t={t} name="explained" multiple label={labels.explained} hint={t('cases.consent.explainedHint')} options={options(t, 'cases.consent.explainedItems', CONSENT_EXPLAINED)} value={Array.isArray(raw.explained) ? (raw.explained as string[]) : []} error={errors?.explained} />
                {record.is_child ? (
                  <>
                    <Choices t={t} name="childAssent" inline label={labels.childAssent} hint={t('cases.consent.childAssentHint')} options={yn} value={v('childAssent')} error={errors?.childAssent} />
                    <Choices t={t} name="guardianConsent" inline label={labels.guardianConsent} options={yn} value={v('guardianConsent')} error={errors?.guardianConsent} />
                  </>
                ) : null}
                <Submit label={t('cases.consent.save')} />
              </Form>
            </>
          )}
        </>
      ),
    });
  };

  app.get('/staff/cases/:id/consent', { config: CASE_ACCESS }, async (request, reply) => {
    const record = await loadCaseFor(request);
    return reply.page(await page(request, record));
  });

  app.post('/staff/cases/:id/consent', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const form = parseForm(ConsentBody, request.body);
    if (!form.ok) return reply.page(await page(request, record, form.raw, form.errors), 400);
    const r = await runPost(request, reply, () => recordConsentDecision(ctx, auth.user, record, form.value), async (errors, refusal, status) => reply.page(await page(request, record, form.value, errors, refusal), status));
    if (r) return r;
    await setFlash(request, 'success', 'cases.consent.saved');
    return reply.redirect(`/staff/cases/${record.id}/consent`, 303);
  });

  app.post('/staff/cases/:id/consent/:cid/withdraw', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const { cid } = request.params as { cid: string };
    if (!isId(cid)) throw new NotFoundError();
    await withdrawConsentDecision(ctx, auth.user, record, cid);
    await setFlash(request, 'success', 'cases.consent.withdrawnDone');
    return reply.redirect(`/staff/cases/${record.id}/consent`, 303);
  });
}
