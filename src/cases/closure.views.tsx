import type { FormProblem } from '../platform/http/form-action.js';
import { Form, Select, Submit, TextArea } from '../platform/views/components.js';
import { type CaseFrame, CaseFrameView } from './case-frame.views.js';
import { options, RefusalBox, refusalOf, typedFor } from './case-ui.js';
import { CLOSURE_REASONS } from './cases.schema.js';
import type { CaseRow } from './cases.table.js';

export interface ClosureModel {
  record: CaseRow;
  closed: boolean;
  canReopen: boolean;
  /** What is still open and blocks closure (empty for a closed case). */
  open: Array<{ messageKey: string; count: number }>;
}

/** Closing a case with a reason (refused while anything required is open), or reopening a closed one. */
export function ClosurePage(frame: CaseFrame, vm: ClosureModel, problem?: FormProblem) {
  const { t } = frame;
  const { record, closed, open } = vm;
  const { v, errors } = typedFor(problem);
  return (
    <CaseFrameView frame={frame}>
      <>
        <RefusalBox refusal={refusalOf(t, problem)} />
        {closed ? (
          <>
            <p>
              {t('cases.closure.closedOn', { date: t.date(record.closed_at ?? ''), reason: t(`cases.values.closure.${record.cas_reason_for_case_closure}`) })}
            </p>
            {vm.canReopen ? (
              <Form
                t={t}
                action={`/staff/cases/${record.id}/reopen`}
                csrf={frame.csrf}
                errors={errors}
                labels={{ reason: t('cases.closure.reopenReason') }}
                id="reopen-form"
                hasRequired
              >
                <input type="hidden" name="version" value={String(record.version)} />
                <TextArea
                  t={t}
                  name="reason"
                  label={t('cases.closure.reopenReason')}
                  hint={t('cases.closure.reopenHint')}
                  value={v('reason')}
                  rows={3}
                  required
                  error={errors?.reason}
                />
                <Submit label={t('cases.closure.reopen')} />
              </Form>
            ) : (
              <p class="hint">{t('cases.closure.supervisorReopens')}</p>
            )}
          </>
        ) : (
          <>
            {open.length > 0 ? (
              <div class="flash flash-error">
                <p>{t('cases.closure.stillOpen')}</p>
                <ul>
                  {open.map((o) => (
                    <li>{t(o.messageKey, { count: o.count })}</li>
                  ))}
                </ul>
              </div>
            ) : (
              <p>{t('cases.closure.nothingOpen')}</p>
            )}
            <Form
              t={t}
              action={`/staff/cases/${record.id}/close`}
              csrf={frame.csrf}
              errors={errors}
              labels={{ reason: t('cases.closure.reason'), note: t('cases.closure.note') }}
              id="close-form"
              hasRequired
            >
              <input type="hidden" name="version" value={String(record.version)} />
              <Select
                t={t}
                name="reason"
                label={t('cases.closure.reason')}
                options={options(t, 'cases.values.closure', CLOSURE_REASONS)}
                value={v('reason')}
                emptyLabel={t('forms.choose')}
                required
                error={errors?.reason}
              />
              <TextArea t={t} name="note" label={t('cases.closure.note')} value={v('note')} rows={3} error={errors?.note} />
              <Submit label={t('cases.closure.close')} />
            </Form>
          </>
        )}
      </>
    </CaseFrameView>
  );
}
