import type { FormProblem } from '../platform/http/form-action.js';
import { ActionButton, Choices, Form, Select, Submit, SummaryList, Table, TextField } from '../platform/views/components.js';
import { type CaseFrame, CaseFrameView } from './case-frame.views.js';
import { options, RefusalBox, refusalOf } from './case-ui.js';
import { AGE_STATUSES, GUARDIAN_KINDS } from './case-values.js';
import { BiaSection, BidSection, type ChildModel, FamilySection, type Section, type SectionProps, sectionFields } from './child-decisions.views.js';
import { GateList } from './person-fields.views.js';

/** A child's safeguards: age, guardians, best-interests assessments and determinations, family assessments. */
export function ChildPage(frame: CaseFrame, vm: ChildModel, problem?: FormProblem) {
  const { t } = frame;
  const { record, recs, gates, closed, today } = vm;
  const raw = (s: Section) => (problem?.form === s ? problem.raw : {});
  const err = (s: Section) => (problem?.form === s ? problem.errors : undefined);
  const v = (s: Section, k: string, d = '') => String(raw(s)[k] ?? d);
  const sections: SectionProps = { t, csrf: frame.csrf, vm, v, err };
  const guardianLabels = {
    kind: t('cases.children.guardianKind'),
    name: t('cases.children.guardianName'),
    organisation: t('cases.children.guardianOrganisation'),
    contact: t('cases.children.guardianContact'),
    appointedOn: t('cases.children.appointedOn'),
  };
  const guardian = sectionFields(sections, 'guardian', { labels: guardianLabels, defaults: { appointedOn: today } });
  return (
    <CaseFrameView frame={frame}>
      <RefusalBox refusal={refusalOf(t, problem, ['guardianEnd', 'review'])} />
      <GateList t={t} gates={gates} />

      <section aria-labelledby="age-title">
        <h2 id="age-title">{t('cases.children.age')}</h2>
        <SummaryList
          items={[
            [t('cases.fields.ageStatus'), t(`cases.values.ageStatus.${record.age_status}`)],
            [t('cases.children.treatedAsChild'), record.is_child ? t('forms.yes') : t('forms.no')],
          ]}
        />
        {closed ? null : (
          <Form
            t={t}
            action={`/staff/cases/${record.id}/child/age`}
            csrf={frame.csrf}
            errors={err('age')}
            id="age-form"
            labels={{ ageStatus: t('cases.fields.ageStatus'), birthDate: t('cases.person.birthDate'), estimatedAge: t('cases.children.minimumAge') }}
          >
            <input type="hidden" name="version" value={String(record.version)} />
            <Select
              t={t}
              name="ageStatus"
              label={t('cases.fields.ageStatus')}
              options={options(t, 'cases.values.ageStatus', AGE_STATUSES)}
              value={v('age', 'ageStatus', record.age_status)}
              required
              error={err('age')?.ageStatus}
            />
            <TextField
              t={t}
              name="birthDate"
              type="date"
              label={t('cases.person.birthDate')}
              value={v('age', 'birthDate', vm.identity.birthDate ?? '')}
              width="medium"
              error={err('age')?.birthDate}
            />
            <TextField
              t={t}
              name="estimatedAge"
              type="number"
              inputMode="numeric"
              label={t('cases.children.minimumAge')}
              hint={t('cases.children.minimumAgeHint')}
              value={v('age', 'estimatedAge', vm.identity.estimatedAge === undefined ? '' : String(vm.identity.estimatedAge))}
              width="short"
              error={err('age')?.estimatedAge}
            />
            <Choices
              t={t}
              name="doubt"
              multiple
              label={t('cases.children.doubtLegend')}
              options={[{ value: 'yes', label: t('cases.children.doubt') }]}
              value={v('age', 'doubt')}
            />
            <Submit label={t('forms.save')} secondary />
          </Form>
        )}
      </section>

      <section aria-labelledby="guardian-title">
        <h2 id="guardian-title">{t('cases.children.guardians')}</h2>
        <Table
          caption={t('cases.children.guardians')}
          head={[
            t('cases.children.guardianName'),
            t('cases.children.guardianKind'),
            t('cases.children.appointedOn'),
            t('cases.children.endedOn'),
            t('cases.fields.actions'),
          ]}
          rows={recs.guardians.map((g) => [
            `${g.details.name}${g.details.organisation ? ` · ${g.details.organisation}` : ''}`,
            t(`cases.children.guardianKinds.${g.kind}`),
            t.date(g.appointed_on),
            g.ended_on ? t.date(g.ended_on) : '—',
            g.ended_on || closed ? (
              ''
            ) : (
              <ActionButton
                action={`/staff/cases/${record.id}/child/guardians/${g.id}/end`}
                csrf={frame.csrf}
                label={t('cases.children.endGuardian')}
                fields={{ version: String(g.version) }}
              />
            ),
          ])}
          empty={t('cases.children.noGuardian')}
        />
        {closed ? null : (
          <Form
            t={t}
            action={`/staff/cases/${record.id}/child/guardians`}
            csrf={frame.csrf}
            errors={err('guardian')}
            id="guardian-form"
            hasRequired
            labels={guardianLabels}
          >
            {guardian.select('kind', 'cases.children.guardianKinds', GUARDIAN_KINDS, { required: true })}
            {guardian.text('name', { required: true })}
            {guardian.text('organisation')}
            {guardian.text('contact')}
            {guardian.date('appointedOn', { required: true })}
            <Submit label={t('cases.children.appoint')} secondary />
          </Form>
        )}
      </section>

      <BiaSection s={sections} />

      <BidSection s={sections} />

      <FamilySection s={sections} />
    </CaseFrameView>
  );
}
