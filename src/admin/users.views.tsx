import type { Static } from '@sinclair/typebox';
import { ROLES } from '../platform/auth/roles.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { LOCALES, languageOwnName } from '../platform/i18n/i18n.js';
import type { Office, Organisation } from '../offices/offices.table.js';
import { ActionButton, Choices, type FieldErrors, Form, Select, Submit, Table, TextField, TimeZoneSelect } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import type { UserBody } from './admin.schema.js';
import type { Frame } from './admin.views.js';

export type UserFormState = { id?: string; version?: number; active?: number; values: Partial<Static<typeof UserBody>> & Record<string, unknown> };

export function userFormTitle(t: Translator, state: UserFormState): string {
  return state.id ? t('admin.users.edit') : t('admin.users.new');
}

export interface UserFormProps {
  t: Translator;
  frame: Frame;
  csrf: string | undefined;
  state: UserFormState;
  offices: Office[];
  orgs: Organisation[];
  errors?: FieldErrors | undefined;
}

export function UserFormView({ t, frame, csrf, state, offices, orgs, errors }: UserFormProps) {
  const v = (k: string) => String(state.values[k] ?? '');
  const title = userFormTitle(t, state);
  const labels = {
    displayName: t('auth.fields.displayName'),
    email: t('auth.fields.email'),
    locale: t('admin.users.locale'),
    timeZone: t('admin.fields.timeZone'),
    roles: t('admin.users.roles'),
    officeId: t('admin.users.office'),
    organisationId: t('admin.users.organisation'),
  };
  return (
    <Layout {...frame}>
      <h1>{title}</h1>
      <Form t={t} action={state.id ? `/staff/admin/users/${state.id}` : '/staff/admin/users'} csrf={csrf} errors={errors} hasRequired labels={labels}>
        {state.version ? <input type="hidden" name="version" value={String(state.version)} /> : null}
        <TextField t={t} name="displayName" label={labels.displayName} value={v('displayName')} required error={errors?.displayName} />
        <TextField t={t} name="email" type="email" label={labels.email} value={v('email')} required error={errors?.email} dir="ltr" />
        <Select t={t} name="locale" label={labels.locale} options={LOCALES.map((l) => ({ value: l, label: languageOwnName(l) }))} value={v('locale') || t.locale} required error={errors?.locale} />
        <TimeZoneSelect t={t} name="timeZone" label={labels.timeZone} hint={t('admin.fields.timeZoneHint')} value={v('timeZone') || 'UTC'} error={errors?.timeZone} />
        <Choices t={t} name="roles" multiple label={labels.roles} hint={t('admin.users.rolesHint')} options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} value={(state.values.roles as string[] | undefined) ?? []} required error={errors?.roles} />
        <Select t={t} name="officeId" label={labels.officeId} hint={t('admin.users.officeHint')} options={offices.map((o) => ({ value: o.id, label: `${o.code} · ${o.name}` }))} value={v('officeId')} emptyLabel={t('admin.users.allOffices')} error={errors?.officeId} />
        <Select t={t} name="organisationId" label={labels.organisationId} hint={t('admin.users.organisationHint')} options={orgs.map((o) => ({ value: o.id, label: o.org_name }))} value={v('organisationId')} emptyLabel={t('forms.none')} error={errors?.organisationId} />
        <Submit label={t('forms.save')} />
      </Form>
      {state.id ? (
        <section class="danger-zone">
          <h2>{t('admin.users.accountActions')}</h2>
          <p>
            <a href={`/staff/admin/users/${state.id}/tokens`}>{t('tokens.adminLink')}</a>
          </p>
          <ActionButton action={`/staff/admin/users/${state.id}/reset`} csrf={csrf ?? ''} label={t('admin.users.reset')} />{' '}
          {state.active ? (
            <ActionButton action={`/staff/admin/users/${state.id}/deactivate`} csrf={csrf ?? ''} label={t('admin.users.deactivate')} danger />
          ) : (
            <ActionButton action={`/staff/admin/users/${state.id}/reactivate`} csrf={csrf ?? ''} label={t('admin.users.reactivate')} />
          )}
        </section>
      ) : null}
    </Layout>
  );
}

/** The one-time link of a new or reset user, shown once. */
export function LinkView({ t, frame, title, link }: { t: Translator; frame: Frame; title: string; link: string }) {
  return (
    <Layout {...frame}>
      <h1>{title}</h1>
      <p class="lead">{t('admin.users.linkIntro')}</p>
      <p>
        <code class="one-time-link" dir="ltr">
          {link}
        </code>
      </p>
      <p class="hint">{t('admin.users.linkHint')}</p>
      <p>
        <a href="/staff/admin/users">{t('admin.users.backToList')}</a>
      </p>
    </Layout>
  );
}

export interface UserRow {
  id: string;
  display_name: string;
  email: string;
  active: number;
  totp_enabled_at: string | null;
  memberships: Array<{ role: string; office_code: string | null; org_name: string | null }>;
}

export function UserListView({ t, frame, users }: { t: Translator; frame: Frame; users: UserRow[] }) {
  return (
    <Layout {...frame}>
      <h1>{t('admin.users.title')}</h1>
      <p>
        <a class="button" href="/staff/admin/users/new">
          {t('admin.users.new')}
        </a>
      </p>
      <Table
        caption={t('admin.users.title')}
        head={[t('auth.fields.displayName'), t('auth.fields.email'), t('admin.users.roles'), t('admin.users.status')]}
        rows={users.map((u) => [
          <a href={`/staff/admin/users/${u.id}`}>{u.display_name}</a>,
          <span dir="ltr">{u.email}</span>,
          u.memberships.map((m) => `${t(`roles.${m.role}`)}${m.office_code ? ` (${m.office_code})` : m.org_name ? ` (${m.org_name})` : ''}`).join(', '),
          !u.active ? t('admin.users.inactive') : !u.totp_enabled_at ? t('admin.users.pending') : t('admin.users.active'),
        ])}
        empty={t('admin.users.none')}
      />
    </Layout>
  );
}
