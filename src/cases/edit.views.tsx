import type { FormProblem } from '../platform/http/form-action.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { ActionButton, Form, Select, Submit, Table, TextArea } from '../platform/views/components.js';
import { caseFields } from './case-fields.views.js';
import { type CaseFrame, CaseFrameView } from './case-frame.views.js';
import { options, RefusalBox, refusalOf, typed } from './case-ui.js';
import { EXPLOITATION_TYPES, METHODS_OF_CONTROL, PERPETRATOR_ROLES, RECRUITMENT_METHODS, REFERRAL_REASONS, RELATIONSHIPS } from './cases.schema.js';
import type { CaseRow } from './cases.table.js';
import { PersonFields, personLabels } from './person-fields.views.js';
import { ChangedMeanwhile } from './stale.views.js';
import type { CasePerson } from './person.js';

export interface EditModel {
  record: CaseRow;
  person: CasePerson;
  perpetrators: Array<{ id: string; per_role_in_process: string; details: string }>;
}

/** The record as the edit form shows it before anything is typed. */
function currentValues(record: CaseRow, person: CasePerson): Record<string, unknown> {
  const i = person.identity;
  const c = person.contact;
  return {
    firstName: i.firstName,
    middleName: i.middleName,
    lastName: i.lastName,
    aliases: i.aliases?.join(', '),
    birthDate: i.birthDate,
    estimatedAge: i.estimatedAge,
    gender: record.prs_gender,
    citizenship: record.prs_citizenship ? (JSON.parse(record.prs_citizenship) as string[])[0] : undefined,
    languages: i.languages?.join(', '),
    documentType: i.documents?.[0]?.type,
    documentNumber: i.documents?.[0]?.number,
    phone: c.phones?.[0],
    email: c.email,
    address: c.address,
    ...person.context,
    ...person.referral,
  };
}

function editLabels(t: Translator) {
  return {
    ...personLabels(t),
    recruitmentMethod: t('cases.context.recruitmentMethod'),
    recruitmentPlace: t('cases.context.recruitmentPlace'),
    recruitmentDate: t('cases.context.recruitmentDate'),
    relationship: t('cases.context.relationship'),
    methodsOfControl: t('cases.context.methodsOfControl'),
    exploitationTypes: t('cases.context.exploitationTypes'),
    industry: t('cases.context.industry'),
    exploitationPlace: t('cases.context.exploitationPlace'),
    exploitationFrom: t('cases.context.exploitationFrom'),
    exploitationTo: t('cases.context.exploitationTo'),
    referringOrganisation: t('cases.referral.organisation'),
    referralDate: t('cases.referral.date'),
    referralReason: t('cases.referral.reason'),
    referralDetails: t('cases.referral.details'),
  };
}

/**
 * Editing the record: person (prs_), trafficking context (vic_), incoming referral (cas_), perpetrators (per_).
 * A failed save shows what was typed; a failed perpetrator form keeps the record's values.
 */
export function EditPage(frame: CaseFrame, vm: EditModel, problem?: FormProblem) {
  const { t } = frame;
  const { record } = vm;
  const perps = vm.perpetrators;
  const own = problem && problem.form !== 'perpetrator' ? problem : undefined;
  const form = typed(own ? own.raw : currentValues(record, vm.person), problem?.errors);
  const v = (k: string) => form.v(k);
  const errors = form.errors;
  const labels = editLabels(t);
  const field = caseFields({ t, v, list: form.list, errors, labels });
  return (
    <CaseFrameView frame={frame}>
      <>
        <RefusalBox refusal={refusalOf(t, problem)} />
        <ChangedMeanwhile t={t} problem={own} labels={labels} saved={currentValues(record, vm.person)} />
        <Form t={t} action={`/staff/cases/${record.id}/edit`} csrf={frame.csrf} errors={errors} labels={labels} id="edit-form">
          <input type="hidden" name="version" value={String(record.version)} />
          <fieldset class="fieldset">
            <legend class="label">{t('cases.overview.person')}</legend>
            <PersonFields t={t} v={v} errors={errors} />
          </fieldset>
          <fieldset class="fieldset">
            <legend class="label">{t('cases.overview.context')}</legend>
            {field.select('recruitmentMethod', 'cases.values.recruitment', RECRUITMENT_METHODS)}
            {field.text('recruitmentPlace')}
            {field.date('recruitmentDate')}
            {field.select('relationship', 'cases.values.relationship', RELATIONSHIPS)}
            {field.ticks('methodsOfControl', 'cases.values.control', METHODS_OF_CONTROL)}
            {field.ticks('exploitationTypes', 'cases.values.exploitation', EXPLOITATION_TYPES)}
            {field.text('industry')}
            {field.text('exploitationPlace')}
            {field.date('exploitationFrom')}
            {field.date('exploitationTo')}
          </fieldset>
          <fieldset class="fieldset">
            <legend class="label">{t('cases.referral.title')}</legend>
            {field.text('referringOrganisation')}
            {field.date('referralDate')}
            {field.select('referralReason', 'cases.values.referralReason', REFERRAL_REASONS)}
            {field.area('referralDetails', 3)}
          </fieldset>
          <Submit label={t('forms.save')} />
        </Form>
        <section aria-labelledby="perp-title">
          <h2 id="perp-title">{t('cases.context.perpetrators')}</h2>
          <Table
            caption={t('cases.context.perpetrators')}
            head={[t('cases.perpetrators.role'), t('cases.perpetrators.details'), t('cases.fields.actions')]}
            rows={perps.map((p) => [
              t(`cases.values.perpetrator.${p.per_role_in_process}`),
              p.details,
              <ActionButton action={`/staff/cases/${record.id}/perpetrators/${p.id}/remove`} csrf={frame.csrf} label={t('cases.perpetrators.remove')} />,
            ])}
            empty={t('cases.perpetrators.none')}
          />
          <Form t={t} action={`/staff/cases/${record.id}/perpetrators`} csrf={frame.csrf} id="perp-form">
            <Select
              t={t}
              name="role"
              label={t('cases.perpetrators.role')}
              options={options(t, 'cases.values.perpetrator', PERPETRATOR_ROLES)}
              emptyLabel={t('forms.choose')}
              required
            />
            <TextArea t={t} name="details" label={t('cases.perpetrators.details')} hint={t('cases.perpetrators.detailsHint')} rows={2} />
            <Submit label={t('cases.perpetrators.add')} secondary />
          </Form>
        </section>
      </>
    </CaseFrameView>
  );
}
