import type { Translator } from '../platform/i18n/i18n.js';
import { Choices, type FieldErrors, Form, Select, Submit } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { options } from './case-ui.js';
import { SOURCES } from './cases.schema.js';
import type { DuplicateResult } from './duplicates.service.js';
import { PersonFields, personLabels } from './person-fields.views.js';

export interface NewCaseModel {
  layout: Omit<LayoutProps, 'children'>;
  csrf: string;
  /** The offices to choose from, for someone working cases in several (else none: their only office is used). */
  officeChoices: Array<{ id: string; name: string }>;
  raw: Record<string, unknown>;
  errors?: FieldErrors | undefined;
  /** The duplicate check's result, once it ran: the form then offers to open anyway. */
  dup?: DuplicateResult | undefined;
}

/** Opening a case: the duplicate check runs first; the case worker sees candidates, then opens anyway or goes to one. */
export function NewCasePage(props: NewCaseModel) {
  const t: Translator = props.layout.t;
  const { officeChoices, errors, dup } = props;
  const v = (k: string) => String(props.raw[k] ?? '');
  const showDup = dup && (dup.candidates.length > 0 || dup.elsewhere.length > 0);
  return (
    <Layout {...props.layout}>
      <h1>{t('cases.new.title')}</h1>
      {dup ? (
        <section class="duplicates" aria-labelledby="dup-title">
          <h2 id="dup-title">{showDup ? t('cases.duplicates.found') : t('cases.duplicates.none')}</h2>
          {dup.candidates.length > 0 ? (
            <ul>
              {dup.candidates.map((c) => (
                <li>
                  <a href={`/staff/cases/${c.caseId}`} dir="ltr">
                    {c.caseNumber}
                  </a>{' '}
                  {t('cases.duplicates.matched', { kinds: c.matched.map((k) => t(`cases.duplicates.kind.${k}`)).join(', ') })}
                </li>
              ))}
            </ul>
          ) : null}
          {dup.elsewhere.map((o) => (
            <p class="flash">{t('cases.duplicates.elsewhere', { office: o.officeName })}</p>
          ))}
        </section>
      ) : null}
      <Form t={t} action="/staff/cases/new" csrf={props.csrf} errors={errors} labels={personLabels(t)} hasRequired>
        {dup ? <input type="hidden" name="confirmed" value="1" /> : null}
        {officeChoices.length > 0 ? (
          <Select
            t={t}
            name="officeId"
            label={t('cases.new.office')}
            options={officeChoices.map((o) => ({ value: o.id, label: o.name }))}
            value={v('officeId')}
            emptyLabel={t('forms.choose')}
            required
            error={errors?.officeId}
          />
        ) : null}
        <Select
          t={t}
          name="source"
          label={t('cases.new.source')}
          options={options(t, 'cases.source', SOURCES)}
          value={v('source')}
          emptyLabel={t('forms.choose')}
          required
          error={errors?.source}
        />
        <Choices
          t={t}
          name="mayBeChild"
          inline
          label={t('cases.new.mayBeChild')}
          hint={t('cases.new.mayBeChildHint')}
          options={[
            { value: 'yes', label: t('forms.yes') },
            { value: 'no', label: t('forms.no') },
            { value: 'unknown', label: t('forms.unknown') },
          ]}
          value={v('mayBeChild')}
          error={errors?.mayBeChild}
        />
        <PersonFields t={t} v={v} errors={errors} />
        <Submit label={dup ? t('cases.new.openAnyway') : t('cases.new.check')} />
      </Form>
    </Layout>
  );
}
