import type { FormProblem } from '../platform/http/form-action.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { ActionButton, Choices, Form, Select, Submit, Table, TextArea, TextField } from '../platform/views/components.js';
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
  const arr = form.list;
  const errors = form.errors;
  const labels = editLabels(t);
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
            <Select
              t={t}
              name="recruitmentMethod"
              label={labels.recruitmentMethod}
              options={options(t, 'cases.values.recruitment', RECRUITMENT_METHODS)}
              value={v('recruitmentMethod')}
              emptyLabel={t('forms.choose')}
              error={errors?.recruitmentMethod}
            />
            <TextField t={t} name="recruitmentPlace" label={labels.recruitmentPlace} value={v('recruitmentPlace')} error={errors?.recruitmentPlace} />
            <TextField
              t={t}
              name="recruitmentDate"
              type="date"
              label={labels.recruitmentDate}
              value={v('recruitmentDate')}
              width="medium"
              error={errors?.recruitmentDate}
            />
            <Select
              t={t}
              name="relationship"
              label={labels.relationship}
              options={options(t, 'cases.values.relationship', RELATIONSHIPS)}
              value={v('relationship')}
              emptyLabel={t('forms.choose')}
              error={errors?.relationship}
            />
            <Choices
              t={t}
              name="methodsOfControl"
              multiple
              label={labels.methodsOfControl}
              options={options(t, 'cases.values.control', METHODS_OF_CONTROL)}
              value={arr('methodsOfControl')}
              error={errors?.methodsOfControl}
            />
            <Choices
              t={t}
              name="exploitationTypes"
              multiple
              label={labels.exploitationTypes}
              options={options(t, 'cases.values.exploitation', EXPLOITATION_TYPES)}
              value={arr('exploitationTypes')}
              error={errors?.exploitationTypes}
            />
            <TextField t={t} name="industry" label={labels.industry} value={v('industry')} error={errors?.industry} />
            <TextField t={t} name="exploitationPlace" label={labels.exploitationPlace} value={v('exploitationPlace')} error={errors?.exploitationPlace} />
            <TextField
              t={t}
              name="exploitationFrom"
              type="date"
              label={labels.exploitationFrom}
              value={v('exploitationFrom')}
              width="medium"
              error={errors?.exploitationFrom}
            />
            <TextField
              t={t}
              name="exploitationTo"
              type="date"
              label={labels.exploitationTo}
              value={v('exploitationTo')}
              width="medium"
              error={errors?.exploitationTo}
            />
          </fieldset>
          <fieldset class="fieldset">
            <legend class="label">{t('cases.referral.title')}</legend>
            <TextField
              t={t}
              name="referringOrganisation"
              label={labels.referringOrganisation}
              value={v('referringOrganisation')}
              error={errors?.referringOrganisation}
            />
            <TextField
              t={t}
              name="referralDate"
              type="date"
              label={labels.referralDate}
              value={v('referralDate')}
              width="medium"
              error={errors?.referralDate}
            />
            <Select
              t={t}
              name="referralReason"
              label={labels.referralReason}
              options={options(t, 'cases.values.referralReason', REFERRAL_REASONS)}
              value={v('referralReason')}
              emptyLabel={t('forms.choose')}
              error={errors?.referralReason}
            />
            <TextArea t={t} name="referralDetails" label={labels.referralDetails} value={v('referralDetails')} rows={3} error={errors?.referralDetails} />
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
