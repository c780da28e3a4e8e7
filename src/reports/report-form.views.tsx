import type { ComponentChildren } from 'preact';
import { type FieldErrors, Form, type Option, Select, Submit, TextArea } from '../platform/views/components.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { reportFields, typedReport } from './report-fields.views.js';

/*
 * The public report form, as a pure function of what was typed. What happened comes first with a send button right
 * after it; everything else is optional, grouped in folded sections (<details>) that open without JavaScript. The
 * form carries autocomplete="off": the browser neither suggests nor restores testimony (Back after the quick exit).
 */

export const FILE_ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf,audio/mpeg,audio/wav,audio/amr,.mp3,.wav,.amr';

const LABELLED = [
  'reporterRole',
  'recruitment',
  'control',
  'exploitation',
  'country',
  'place',
  'preciseLocation',
  'workplace',
  'whenText',
  'dangerNow',
  'recent24h',
  'children',
  'peopleCount',
  'names',
  'phones',
  'description',
  'files',
  'contactOk',
  'contactHow',
  'contactWhen',
  'shareAssistance',
  'sharePolice',
  'code',
  'message',
];

export function reportLabels(t: Translator): Record<string, string> {
  return Object.fromEntries(LABELLED.map((k) => [k, t(`reports.form.${k}.label`)]));
}

/** Which folded group holds a field: a group with an error, or with something typed, opens by itself. */
const GROUPS: Record<string, string[]> = {
  who: ['reporterRole'],
  what: ['exploitation', 'control', 'recruitment'],
  urgency: ['recent24h', 'children', 'peopleCount', 'whenText'],
  where: ['preciseLocation', 'workplace'],
  details: ['names', 'phones', 'files'],
  consent: ['contactOk', 'contactHow', 'contactWhen', 'shareAssistance', 'sharePolice'],
};

export interface ReportFormProps {
  t: Translator;
  errors?: FieldErrors | undefined;
  raw?: Record<string, unknown> | undefined;
  maxUploadMb: number;
  maxFiles: number;
  /** The one-time token of this copy of the form (a resubmission is recognised by it). */
  submission: string;
  /** The countries offered first (the offices' regions, the starter directory), as codes with names. */
  countries: Option[];
}

function Notice(props: { t: Translator }) {
  const { t } = props;
  return (
    <div class="mandated-notice" role="note">
      <p>
        <strong>{t('reports.form.notice.title')}</strong>
      </p>
      <p>{t('reports.form.notice.text')}</p>
    </div>
  );
}

/** The fields whose question carries a hint on the public form. */
const HINTED = new Set([
  'description',
  'place',
  'dangerNow',
  'exploitation',
  'control',
  'recruitment',
  'whenText',
  'preciseLocation',
  'workplace',
  'names',
  'phones',
  'contactHow',
  'contactWhen',
  'shareAssistance',
  'sharePolice',
]);

export function ReportForm(props: ReportFormProps) {
  const { t, errors } = props;
  const raw = props.raw ?? {};
  const { v, many } = typedReport(raw);
  const f = reportFields({
    t,
    errors,
    raw,
    label: (k) => t(`reports.form.${k}.label`),
    hint: (k) => (HINTED.has(k) ? t(`reports.form.${k}.hint`) : undefined),
    required: false,
  });
  const open = (group: string) => (GROUPS[group] ?? []).some((k) => errors?.[k] || (k !== 'files' && (many(k).length > 0 || v(k))));
  const Group = (g: { id: string; children: ComponentChildren }) => (
    <details class="report-section" id={`s-${g.id}`} open={open(g.id)}>
      <summary>{t(`reports.form.sections.${g.id}`)}</summary>
      {g.children}
    </details>
  );
  return (
    <Form t={t} action={`/${t.locale}/report`} multipart errors={errors} labels={reportLabels(t)} id="report-form" class="form report-form" autocomplete="off">
      <input type="hidden" name="submission" value={props.submission} />
      {errors && Object.keys(errors).length > 0 ? <p class="notice">{t('reports.form.filesAgain')}</p> : null}
      <section class="report-section report-essentials" aria-labelledby="s-essentials">
        <h2 id="s-essentials">{t('safety.report.essentials')}</h2>
        <p class="hint">{t('safety.report.essentialsHint')}</p>
        <TextArea
          t={t}
          name="description"
          label={t('reports.form.description.label')}
          hint={t('reports.form.description.hint')}
          value={v('description')}
          rows={5}
          maxLength={10000}
          required
          error={errors?.description}
        />
        <Select
          t={t}
          name="country"
          label={t('reports.form.country.label')}
          hint={t('safety.report.countryHint')}
          options={[...props.countries, { value: 'unknown', label: t('safety.report.otherCountry') }]}
          value={v('country')}
          emptyLabel={t('forms.choose')}
          error={errors?.country}
        />
        {f.place}
        {f.dangerNow}
        <Notice t={t} />
        <p class="hint">{t('reports.form.privacy')}</p>
        <Submit label={t('safety.report.sendNow')} />
      </section>

      <h2 class="report-more">{t('safety.report.more')}</h2>
      <p class="hint">{t('safety.report.moreHint')}</p>
      <Group id="who">{f.reporterRole}</Group>
      <Group id="what">
        <p class="hint">{t('reports.form.sections.whatHint')}</p>
        {f.exploitation}
        {f.control}
        {f.recruitment}
      </Group>
      <Group id="urgency">
        {f.recent24h}
        {f.children}
        {f.peopleCount}
        {f.whenText}
      </Group>
      <Group id="where">
        {f.preciseLocation}
        {f.workplace}
      </Group>
      <Group id="details">
        {f.names}
        {f.phones}
        <div class={`field${errors?.files ? ' field-has-error' : ''}`}>
          <label class="label" for="f-files">
            {t('reports.form.files.label')}
          </label>
          <p class="hint" id="f-files-hint">
            {t('reports.form.files.hint', { max: props.maxFiles, mb: props.maxUploadMb })}
          </p>
          {errors?.files ? (
            <p class="field-error" id="f-files-error">
              <span class="visually-hidden">{t('forms.errorPrefix')} </span>
              {t(errors.files)}
            </p>
          ) : null}
          <input
            id="f-files"
            name="files"
            type="file"
            multiple
            accept={FILE_ACCEPT}
            aria-describedby={errors?.files ? 'f-files-hint f-files-error' : 'f-files-hint'}
            class="input"
          />
        </div>
      </Group>
      <Group id="consent">
        {f.contactOk}
        {f.contactHow}
        {f.contactWhen}
        {f.shareAssistance}
        {f.sharePolice}
        <Notice t={t} />
      </Group>
      <Submit label={t('reports.form.submit')} />
    </Form>
  );
}

/** The receipt, shown once: the code, how to keep it, and the way back. */
export function ReceiptBody(props: { t: Translator; code: string }) {
  const { t } = props;
  return (
    <>
      <h1>{t('reports.receipt.title')}</h1>
      <p class="lead">{t('reports.receipt.lead')}</p>
      <div class="receipt">
        <p id="receipt-label" class="receipt-label">
          {t('reports.receipt.codeLabel')}
        </p>
        <p class="receipt-code" dir="ltr" lang="en" data-receipt-code>
          {props.code}
        </p>
      </div>
      <ul>
        <li>{t('reports.receipt.keep')}</li>
        <li>{t('reports.receipt.once')}</li>
        <li>{t('reports.receipt.comeBack')}</li>
      </ul>
      <p>
        <a class="button" href={`/${t.locale}/report/follow-up`}>
          {t('reports.receipt.followUpLink')}
        </a>
      </p>
      <p>
        <a href={`/${t.locale}/stay-safe`}>{t('safety.link')}</a>
      </p>
    </>
  );
}

/** A receipt already shown (Back, a reload, the same form sent again) or no longer kept: never the code. */
export function ReceiptShownBody(props: { t: Translator; gone: boolean }) {
  const { t } = props;
  return (
    <>
      <h1 data-receipt-shown>{props.gone ? t('safety.receipt.goneTitle') : t('safety.receipt.shownTitle')}</h1>
      <p class="lead">{props.gone ? t('safety.receipt.goneText') : t('safety.receipt.shownText')}</p>
      <ul>
        <li>
          <a href={`/${t.locale}/report/follow-up`}>{t('safety.receipt.shownCode')}</a>
        </li>
        <li>
          <a href={`/${t.locale}/report`}>{t('safety.receipt.shownNew')}</a>
        </li>
      </ul>
      <p>
        <a href={`/${t.locale}/stay-safe`}>{t('safety.link')}</a>
      </p>
    </>
  );
}
