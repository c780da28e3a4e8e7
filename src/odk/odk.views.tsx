import { ActionButton, Choices, Form, Select, Submit, SummaryList, Table, TextField } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { type FormAgain, RefusalBox } from '../platform/views/refusal.js';

/*
 * The staff pages of field capture: enrolled devices (administrators) and the conflicts a person resolves.
 */
type PageLayout = Omit<LayoutProps, 'children'>;

export interface DeviceRow {
  id: string;
  display_name: string;
  office_name: string;
  encrypted: number;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface DevicesModel {
  devices: DeviceRow[];
  offices: Array<{ id: string; name: string }>;
}

/** The devices, the enrolment form, and — once, right after enrolling — the server URL to type into the phone. */
export function DevicesPage(props: {
  layout: PageLayout;
  model: DevicesModel;
  csrf: string;
  again?: FormAgain | undefined;
  enrolled?: { name: string; url: string } | undefined;
}) {
  const t = props.layout.t;
  const errors = props.again?.errors;
  const raw = props.again?.raw;
  const labels = { officeId: t('odk.devices.office'), displayName: t('odk.devices.name'), encrypted: t('odk.devices.encryption') };
  return (
    <Layout {...props.layout}>
      <h1>{t('odk.devices.title')}</h1>
      <p class="lead">{t('odk.devices.intro')}</p>
      {props.enrolled ? (
        <section class="card" aria-labelledby="enrolled-title">
          <h2 id="enrolled-title">{t('odk.devices.enrolledTitle', { name: props.enrolled.name })}</h2>
          <p>{t('odk.devices.enrolledHint')}</p>
          <p>
            <code dir="ltr" class="secret" id="device-url">
              {props.enrolled.url}
            </code>
          </p>
          <p class="hint">{t('odk.devices.shownOnce')}</p>
        </section>
      ) : null}
      <Table
        caption={t('odk.devices.title')}
        head={[t('odk.devices.name'), t('odk.devices.office'), t('odk.devices.encryption'), t('odk.devices.lastUsed'), t('odk.devices.status'), '']}
        rows={props.model.devices.map((d) => [
          <span dir="auto">{d.display_name}</span>,
          d.office_name,
          d.encrypted ? t('odk.devices.encrypted') : t('odk.devices.plain'),
          d.last_used_at ? t.date(d.last_used_at, undefined, true) : t('odk.devices.never'),
          d.revoked_at ? t('odk.devices.revokedOn', { date: t.date(d.revoked_at) }) : t('odk.devices.active'),
          d.revoked_at ? '' : <ActionButton action={`/staff/odk/devices/${d.id}/revoke`} csrf={props.csrf} label={t('odk.devices.revoke')} danger />,
        ])}
        empty={t('odk.devices.none')}
      />
      <h2>{t('odk.devices.enrol')}</h2>
      <RefusalBox message={props.again?.refusal?.message} />
      <Form t={t} action="/staff/odk/devices" csrf={props.csrf} errors={errors} labels={labels} hasRequired id="enrol-form">
        <Select
          t={t}
          name="officeId"
          label={labels.officeId}
          options={props.model.offices.map((o) => ({ value: o.id, label: o.name }))}
          value={String(raw?.officeId ?? '')}
          emptyLabel={t('forms.choose')}
          required
          error={errors?.officeId}
        />
        <TextField
          t={t}
          name="displayName"
          label={labels.displayName}
          hint={t('odk.devices.nameHint')}
          value={String(raw?.displayName ?? '')}
          required
          error={errors?.displayName}
        />
        <Choices
          t={t}
          name="encrypted"
          label={labels.encrypted}
          hint={t('odk.devices.encryptionHint')}
          options={[
            { value: '1', label: t('odk.devices.encrypted') },
            { value: '0', label: t('odk.devices.plain') },
          ]}
          value={String(raw?.encrypted ?? '1')}
          error={errors?.encrypted}
        />
        <Submit label={t('odk.devices.enrol')} />
      </Form>
    </Layout>
  );
}

export interface ConflictRow {
  id: string;
  office_name: string;
  form_id: string;
  conflict_reason: string | null;
  received_at: string;
  device_name: string;
}

const formName = (t: PageLayout['t'], formId: string) => (formId === 'abri-screening' ? t('odk.form.screeningTitle') : t('odk.form.reportTitle'));

export function ConflictsPage(props: { layout: PageLayout; conflicts: ConflictRow[] }) {
  const t = props.layout.t;
  return (
    <Layout {...props.layout}>
      <h1>{t('odk.conflicts.title')}</h1>
      <p class="lead">{t('odk.conflicts.intro')}</p>
      <Table
        caption={t('odk.conflicts.title')}
        head={[t('odk.conflicts.received'), t('odk.conflicts.form'), t('odk.conflicts.reason'), t('odk.devices.office'), t('odk.conflicts.device')]}
        rows={props.conflicts.map((c) => [
          <a href={`/staff/odk/conflicts/${c.id}`}>{t.date(c.received_at, undefined, true)}</a>,
          formName(t, c.form_id),
          t(`odk.conflicts.reasons.${c.conflict_reason ?? 'invalid'}`),
          c.office_name,
          <span dir="auto">{c.device_name}</span>,
        ])}
        empty={t('odk.conflicts.none')}
      />
    </Layout>
  );
}

export interface ConflictModel {
  submission: {
    id: string;
    form_id: string;
    form_version: string;
    conflict_reason: string | null;
    received_at: string;
    status: string;
    resolution: string | null;
  };
  answers: Array<{ path: string; label: string; value: string; invalid: boolean }>;
  earlier: { caseId: string | null; reportId: string | null } | undefined;
}

/** One conflict: why it was kept, what it holds, what it collides with, and the two ways to resolve it. */
export function ConflictPage(props: { layout: PageLayout; model: ConflictModel; csrf: string; again?: FormAgain | undefined }) {
  const t = props.layout.t;
  const { submission: s, answers, earlier } = props.model;
  return (
    <Layout {...props.layout}>
      <h1>{t('odk.conflicts.one', { form: formName(t, s.form_id) })}</h1>
      <RefusalBox message={props.again?.refusal?.message} />
      <SummaryList
        items={[
          [t('odk.conflicts.reason'), t(`odk.conflicts.reasons.${s.conflict_reason ?? 'invalid'}`)],
          [t('odk.conflicts.received'), t.date(s.received_at, undefined, true)],
          [t('odk.conflicts.version'), <code dir="ltr">{s.form_version || '—'}</code>],
          ...(earlier?.caseId
            ? ([
                [
                  t('odk.conflicts.earlier'),
                  <a href={`/staff/cases/${earlier.caseId}`}>
                    {s.conflict_reason === 'case_changed' ? t('odk.conflicts.theCase') : t('odk.conflicts.earlierCase')}
                  </a>,
                ],
              ] as Array<[string, preact.ComponentChildren]>)
            : []),
          ...(earlier?.reportId
            ? ([[t('odk.conflicts.earlier'), <a href={`/staff/reports/${earlier.reportId}`}>{t('odk.conflicts.earlierReport')}</a>]] as Array<
                [string, preact.ComponentChildren]
              >)
            : []),
        ]}
      />
      {s.status === 'resolved' ? (
        <p class="notice">{t(`odk.conflicts.resolved.${s.resolution ?? 'discarded'}`)}</p>
      ) : (
        <>
          <Table
            caption={t('odk.conflicts.answers')}
            head={[t('odk.conflicts.question'), t('odk.conflicts.answer')]}
            rows={answers.map((a) => [a.label, a.invalid ? <strong>{t('odk.conflicts.notAllowed')}</strong> : <span dir="auto">{a.value}</span>])}
            empty={t('odk.conflicts.noAnswers')}
          />
          <p class="hint">{t('odk.conflicts.applyHint')}</p>
          <Form t={t} action={`/staff/odk/conflicts/${s.id}`} csrf={props.csrf} id="resolve-form">
            <Submit label={s.form_id === 'abri-screening' ? t('odk.conflicts.applyCase') : t('odk.conflicts.applyReport')} name="action" value="apply" />{' '}
            <Submit label={t('odk.conflicts.discard')} name="action" value="discard" secondary />
          </Form>
        </>
      )}
    </Layout>
  );
}
