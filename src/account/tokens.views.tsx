import { API_AREAS, parseScopes } from '../platform/auth/api-scopes.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { ActionButton, type FieldErrors, Form, Select, Submit, Table, TextField } from '../platform/views/components.js';

export interface TokenRow {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
  scopes: string | null;
}

/** What a token may reach, in words: every area (a token from before scopes) or each area's level. */
function scopeText(t: Translator, tk: TokenRow): string {
  const scopes = parseScopes(tk.scopes);
  if (scopes === null) return t('api.scopes.all');
  return scopes.map((s) => t(`api.scopes.${s.replace(':', '.')}`)).join(', ');
}

function status(t: Translator, tk: TokenRow): string {
  if (tk.revoked_at) return t('tokens.status.revoked', { reason: t(`tokens.reasons.${tk.revoked_reason ?? 'user'}`) });
  if (tk.expires_at <= new Date().toISOString()) return t('tokens.status.expired');
  return t('tokens.status.active');
}

/** The API token section of the account page: the list (with last use and revoke) and the creation form. */
export function TokensSection(props: { t: Translator; csrf: string; timeZone: string; tokens: TokenRow[]; errors?: FieldErrors; newToken?: string; values?: Record<string, unknown> }) {
  const { t, csrf, timeZone, errors } = props;
  const live = (tk: TokenRow) => !tk.revoked_at && tk.expires_at > new Date().toISOString();
  const tokenErrors = errors && (errors.name || errors.days || errors.tokenPassword || errors.code || errors.scopes) ? errors : undefined;
  return (
    <section id="api-tokens">
      <h2>{t('account.apiTokens')}</h2>
      <p class="hint">{t('account.apiTokensHint')}</p>
      {props.newToken ? (
        <div class="flash flash-success" role="status">
          <p>{t('account.tokenCreated')}</p>
          <code dir="ltr">{props.newToken}</code>
        </div>
      ) : null}
      <Table
        caption={t('account.apiTokens')}
        head={[
          t('account.tokenName'),
          t('api.scopes.label'),
          t('tokens.created'),
          t('account.tokenExpires'),
          t('account.tokenLastUsed'),
          t('tokens.statusLabel'),
          '',
        ]}
        rows={props.tokens.map((tk) => [
          tk.name,
          scopeText(t, tk),
          t.date(tk.created_at, timeZone, true),
          t.date(tk.expires_at, timeZone),
          tk.last_used_at ? t.date(tk.last_used_at, timeZone, true) : t('tokens.neverUsed'),
          status(t, tk),
          live(tk) ? <ActionButton action={`/staff/account/tokens/${tk.id}/revoke`} csrf={csrf} label={t('tokens.revoke')} danger /> : '',
        ])}
        empty={t('account.noTokens')}
      />
      <h3>{t('account.createToken')}</h3>
      <p class="hint">{t('tokens.createHint')}</p>
      <Form
        t={t}
        action="/staff/account/tokens"
        csrf={csrf}
        errors={tokenErrors}
        hasRequired
        labels={{
          scopes: t('api.scopes.label'),
          name: t('account.tokenName'),
          days: t('tokens.days'),
          tokenPassword: t('auth.fields.currentPassword'),
          code: t('auth.fields.code'),
        }}
      >
        <TextField t={t} name="name" label={t('account.tokenName')} required width="medium" value={String(props.values?.name ?? '')} error={errors?.name} />
        <TextField
          t={t}
          name="days"
          label={t('tokens.days')}
          hint={t('tokens.daysHint')}
          inputMode="numeric"
          width="short"
          value={String(props.values?.days ?? '90')}
          error={errors?.days}
        />
        <fieldset>
          <legend>{t('api.scopes.label')}</legend>
          <p class="hint">{t('api.scopes.hint')}</p>
          {errors?.scopes ? <p class="field-error">{t(errors.scopes)}</p> : null}
          {API_AREAS.map((area) => (
            <Select
              t={t}
              name={`scope_${area}`}
              label={t(`api.areas.${area}`)}
              options={[
                { value: 'none', label: t('api.scopes.none') },
                { value: 'read', label: t('api.scopes.readOnly') },
                { value: 'write', label: t('api.scopes.readWrite') },
              ]}
              value={String(props.values?.[`scope_${area}`] ?? 'read')}
            />
          ))}
        </fieldset>
        <TextField
          t={t}
          name="tokenPassword"
          type="password"
          label={t('auth.fields.currentPassword')}
          required
          autocomplete="current-password"
          error={errors?.tokenPassword}
        />
        <TextField
          t={t}
          name="code"
          label={t('auth.fields.code')}
          required
          autocomplete="one-time-code"
          inputMode="numeric"
          width="short"
          error={errors?.code}
        />
        <Submit label={t('account.createToken')} secondary />
      </Form>
    </section>
  );
}
