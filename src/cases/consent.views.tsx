import type { FormProblem } from '../platform/http/form-action.js';
import { ActionButton, Choices, Form, Select, Submit, Table } from '../platform/views/components.js';
import { caseFields } from './case-fields.views.js';
import { type CaseFrame, CaseFrameView } from './case-frame.views.js';
import { RefusalBox, refusalOf, typedFor, yesNo } from './case-ui.js';
import { CONSENT_PURPOSES } from './case-values.js';
import { CONSENT_EXPLAINED } from './cases.schema.js';

const LANGUAGES = ['fr', 'en', 'ar', 'es', 'pt', 'bm', 'wo', 'ha', 'yo', 'ig', 'tw', 'ti', 'am', 'so', 'ff'] as const;

export interface ConsentModel {
  rows: Array<{
    id: string;
    purpose: string;
    org_name: string | null;
    given: number;
    decided_at: string;
    language: string | null;
    interpreter: number;
    child_assent: number | null;
    guardian_consent: number | null;
    withdrawn_at: string | null;
  }>;
  organisations: Array<{ id: string; org_name: string }>;
  closed: boolean;
}

/** The consent decisions recorded for the case, per purpose, and the form for a new one (with assent for a child). */
export function ConsentPage(frame: CaseFrame, vm: ConsentModel, problem?: FormProblem) {
  const { t } = frame;
  const { rows, closed } = vm;
  const orgs = vm.organisations;
  const { v, list, errors } = typedFor(problem);
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
  const field = caseFields({ t, v, list, errors, labels });
  return (
    <CaseFrameView frame={frame}>
      <>
        <RefusalBox refusal={refusalOf(t, problem)} />
        <Table
          caption={t('cases.consent.recorded')}
          head={[
            t('cases.consent.purpose'),
            t('cases.consent.decision'),
            t('cases.consent.date'),
            t('cases.consent.language'),
            t('cases.consent.interpreter'),
            ...(frame.record.is_child ? [t('cases.consent.childAssent'), t('cases.consent.guardianConsent')] : []),
            t('cases.consent.withdrawn'),
            t('cases.fields.actions'),
          ]}
          rows={rows.map((c) => [
            `${t(`cases.consent.purposes.${c.purpose}`)}${c.org_name ? ` · ${c.org_name}` : ''}`,
            c.given ? t('cases.consent.given') : t('cases.consent.refused'),
            t.date(c.decided_at, undefined, true),
            c.language ? t(`cases.consent.languages.${c.language}`) : '—',
            yesNo(t, c.interpreter),
            ...(frame.record.is_child ? [yesNo(t, c.child_assent), yesNo(t, c.guardian_consent)] : []),
            c.withdrawn_at ? t.date(c.withdrawn_at, undefined, true) : '—',
            c.given && !c.withdrawn_at && !closed ? (
              <ActionButton action={`/staff/cases/${frame.record.id}/consent/${c.id}/withdraw`} csrf={frame.csrf} label={t('cases.consent.withdraw')} danger />
            ) : (
              ''
            ),
          ])}
          empty={t('cases.consent.none')}
        />
        {closed ? null : (
          <>
            <h2>{t('cases.consent.record')}</h2>
            <p class="hint">{t('cases.consent.intro')}</p>
            <Form t={t} action={`/staff/cases/${frame.record.id}/consent`} csrf={frame.csrf} errors={errors} labels={labels} hasRequired id="consent-form">
              {field.select('purpose', 'cases.consent.purposes', CONSENT_PURPOSES, { required: true })}
              <Select
                t={t}
                name="organisationId"
                label={labels.organisationId}
                hint={t('cases.consent.organisationHint')}
                options={orgs.map((o) => ({ value: o.id, label: o.org_name }))}
                value={v('organisationId')}
                emptyLabel={t('forms.none')}
                error={errors?.organisationId}
              />
              <Choices
                t={t}
                name="given"
                inline
                label={labels.given}
                options={[
                  { value: 'yes', label: t('cases.consent.given') },
                  { value: 'no', label: t('cases.consent.refused') },
                ]}
                value={v('given')}
                required
                error={errors?.given}
              />
              {field.select('language', 'cases.consent.languages', LANGUAGES)}
              {field.yesNo('interpreter')}
              {field.ticks('explained', 'cases.consent.explainedItems', CONSENT_EXPLAINED, { hint: t('cases.consent.explainedHint') })}
              {frame.record.is_child ? (
                <>
                  {field.yesNo('childAssent', { hint: t('cases.consent.childAssentHint') })}
                  {field.yesNo('guardianConsent')}
                </>
              ) : null}
              <Submit label={t('cases.consent.save')} />
            </Form>
          </>
        )}
      </>
    </CaseFrameView>
  );
}
