import type { FormProblem } from '../platform/http/form-action.js';
import { Choices, Form, Select, Submit, TextField } from '../platform/views/components.js';
import { type CaseFrame, CaseFrameView } from './case-frame.views.js';
import { options, RefusalBox, refusalOf, typedFor } from './case-ui.js';
import { REMINDER_KINDS } from './cases.schema.js';

/** Adding a reminder (a follow-up, a review, a document to obtain...), optionally required before closure. */
export function ReminderPage(frame: CaseFrame, problem?: FormProblem) {
  const { t } = frame;
  const { v, errors } = typedFor(problem);
  return (
    <CaseFrameView frame={frame}>
      <RefusalBox refusal={refusalOf(t, problem)} />
      <Form
        t={t}
        action={`/staff/cases/${frame.record.id}/reminders`}
        csrf={frame.csrf}
        errors={errors}
        hasRequired
        labels={{ dueOn: t('cases.reminders.dueOn'), kind: t('cases.reminders.kind'), text: t('cases.reminders.text') }}
      >
        <TextField t={t} name="dueOn" type="date" label={t('cases.reminders.dueOn')} value={v('dueOn')} required width="medium" error={errors?.dueOn} />
        <Select
          t={t}
          name="kind"
          label={t('cases.reminders.kind')}
          options={options(t, 'cases.values.reminder', REMINDER_KINDS)}
          value={v('kind')}
          emptyLabel={t('forms.choose')}
          required
          error={errors?.kind}
        />
        <TextField t={t} name="text" label={t('cases.reminders.text')} value={v('text')} error={errors?.text} />
        <Choices
          t={t}
          name="required"
          multiple
          label={t('cases.reminders.requiredLegend')}
          options={[{ value: 'yes', label: t('cases.reminders.required') }]}
          value={v('required')}
        />
        <Submit label={t('forms.save')} />
      </Form>
    </CaseFrameView>
  );
}
