import type { AppContext } from '../platform/context.js';
import type { Locale } from '../platform/i18n/i18n.js';
import { nowIso } from '../platform/ids.js';
import { reportForm } from './forms/report.form.js';
import { screeningForm } from './forms/screening.form.js';
import { generateOfficeKeyPair } from './odk-crypto.js';
import * as repo from './odk.repository.js';
import type { OdkAppUser } from './odk.table.js';
import { type FormDefinition, type RenderedForm, renderXForm } from './xform.js';

/** Abri's field forms, generated from its own definitions each time the process starts. */
export const FORM_DEFINITIONS: readonly FormDefinition[] = [screeningForm(), reportForm()];

const privateKeyLabel = (officeId: string) => `odk_office_keys.private_key:${officeId}`;

/** The office's public key for encrypted forms, created (and its private half sealed) on first use. */
export async function officePublicKey(ctx: AppContext, officeId: string): Promise<string> {
  const existing = await repo.findOfficeKey(ctx.db, officeId);
  if (existing) return existing.public_key;
  const pair = generateOfficeKeyPair();
  await repo.insertOfficeKeyIfAbsent(ctx.db, {
    office_id: officeId,
    public_key: pair.publicKey,
    private_key_enc: await ctx.keys.encrypt(officeId, pair.privateKeyPem, { aad: privateKeyLabel(officeId) }),
    created_at: nowIso(),
  });
  return (await repo.findOfficeKey(ctx.db, officeId))?.public_key ?? pair.publicKey;
}

/** The office's private key, unsealed for one decryption; undefined when the office never had a form key. */
export async function officePrivateKey(ctx: AppContext, officeId: string): Promise<string | undefined> {
  const row = await repo.findOfficeKey(ctx.db, officeId);
  return row ? ctx.keys.decrypt<string>(row.private_key_enc, privateKeyLabel(officeId)) : undefined;
}

const cache = new Map<string, RenderedForm>();

/** The forms a device gets: rendered in the office's key (when the device uses encrypted forms), cached per key. */
export async function formsForDevice(ctx: AppContext, device: OdkAppUser, locale: Locale): Promise<RenderedForm[]> {
  const publicKey = device.encrypted ? await officePublicKey(ctx, device.office_id) : undefined;
  return FORM_DEFINITIONS.map((def) => {
    const k = `${def.id}|${locale}|${publicKey ?? 'plain'}`;
    let form = cache.get(k);
    if (!form) {
      form = renderXForm({ def, translators: (l) => ctx.i18n.translator(l), defaultLocale: locale, publicKey });
      if (cache.size > 200) cache.clear();
      cache.set(k, form);
    }
    return form;
  });
}

export function definitionOf(formId: string): FormDefinition | undefined {
  return FORM_DEFINITIONS.find((d) => d.id === formId);
}
