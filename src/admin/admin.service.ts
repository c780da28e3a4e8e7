import { revokeAllApiTokens } from '../platform/auth/api-tokens.js';
import type { Static } from '@sinclair/typebox';
import { recordEvent } from '../platform/audit/audit.js';
import { membershipsOf, replaceMemberships, revokeUserSessions, findUserByEmail, findUserById, insertUser } from '../platform/auth/auth.repository.js';
import { issueLink } from '../platform/auth/auth.service.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import { roleScope, type Role } from '../platform/auth/roles.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { routeInbox } from '../reports/inbox.service.js';
import { can } from './admin.policy.js';
import { isTimeZone } from '../platform/i18n/time-zones.js';
import * as adminRepo from './admin.repository.js';
import * as officesRepo from '../offices/offices.repository.js';
import type { OfficeBody, OrganisationBody, UserBody } from './admin.schema.js';

/** A time zone from the IANA list the forms offer (Intl.supportedValuesOf), never free text. */
function validTimeZone(tz: string): boolean {
  return isTimeZone(tz);
}

export async function createOffice(ctx: AppContext, actor: AuthUser, input: Static<typeof OfficeBody>): Promise<string> {
  if (!can(actor, 'manage-offices')) throw new ForbiddenError();
  if (!validTimeZone(input.timeZone)) throw new ValidationError({ timeZone: 'errors.timeZone' });
  if (await officesRepo.findOfficeByCode(ctx.db, input.code)) throw new ValidationError({ code: 'admin.errors.officeCodeTaken' });
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    const now = nowIso();
    await officesRepo.insertOffice(tx, {
      id,
      code: input.code,
      name: input.name,
      country: input.country,
      languages: JSON.stringify(input.languages),
      time_zone: input.timeZone,
      created_at: now,
      updated_at: now,
    });
    // The office's data key exists before any personal data does.
    await ctx.keys.activeKey(id, 'data', tx);
    await recordEvent(tx, { type: 'office.created', officeId: id, actorId: actor.id, subjectType: 'office', subjectId: id, data: { code: input.code } });
  });
  await routeWaitingReports(ctx);
  return id;
}

export async function updateOffice(ctx: AppContext, { actor, id, input }: { actor: AuthUser; id: string; input: Static<typeof OfficeBody> }): Promise<void> {
  if (!can(actor, 'manage-offices')) throw new ForbiddenError();
  if (!validTimeZone(input.timeZone)) throw new ValidationError({ timeZone: 'errors.timeZone' });
  const office = await officesRepo.findOffice(ctx.db, id);
  if (!office) throw new NotFoundError();
  await inTransaction(ctx.db, async (tx) => {
    const ok = await officesRepo.updateOffice(tx, {
      id,
      version: input.version ?? 0,
      set: {
        name: input.name,
        country: input.country,
        languages: JSON.stringify(input.languages),
        time_zone: input.timeZone,
        updated_at: nowIso(),
      },
    });
    if (!ok) throw new StaleVersionError();
    await recordEvent(tx, { type: 'office.updated', officeId: id, actorId: actor.id, subjectType: 'office', subjectId: id, data: { fields: ['name', 'country', 'languages', 'timeZone'] } });
  });
  await routeWaitingReports(ctx);
}

/** Reports waiting in the national inbox go to the office that now covers them; the job retries what fails here. */
async function routeWaitingReports(ctx: AppContext): Promise<void> {
  try {
    await routeInbox(ctx);
  } catch (err) {
    ctx.log.error({ err }, 'routing the national inbox failed');
  }
}

function organisationValues(input: Static<typeof OrganisationBody>) {
  return {
    org_name: input.name,
    org_type: input.type,
    org_shipping_country: input.country,
    org_shipping_state: input.state ?? null,
    org_shipping_city: input.city ?? null,
    org_shipping_street: input.street ?? null,
    org_shipping_postal_code: input.postalCode ?? null,
    org_phone: input.phone ?? null,
    email: input.email ?? null,
    website: input.website ?? null,
    office_id: input.officeId ?? null,
    is_partner: input.isPartner === '0' ? 0 : 1,
  };
}

export async function createOrganisation(ctx: AppContext, actor: AuthUser, input: Static<typeof OrganisationBody>): Promise<string> {
  if (!can(actor, 'manage-organisations')) throw new ForbiddenError();
  if (input.officeId && !(await officesRepo.findOffice(ctx.db, input.officeId))) throw new ValidationError({ officeId: 'errors.choice' });
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    const now = nowIso();
    await officesRepo.insertOrganisation(tx, { id, ...organisationValues(input), created_at: now, updated_at: now });
    await recordEvent(tx, { type: 'organisation.created', officeId: input.officeId ?? null, actorId: actor.id, subjectType: 'organisation', subjectId: id, data: { type: input.type } });
  });
  return id;
}

export async function updateOrganisation(
  ctx: AppContext,
  { actor, id, input }: { actor: AuthUser; id: string; input: Static<typeof OrganisationBody> },
): Promise<void> {
  if (!can(actor, 'manage-organisations')) throw new ForbiddenError();
  if (!(await officesRepo.findOrganisation(ctx.db, id))) throw new NotFoundError();
  if (input.officeId && !(await officesRepo.findOffice(ctx.db, input.officeId))) throw new ValidationError({ officeId: 'errors.choice' });
  await inTransaction(ctx.db, async (tx) => {
    if (!(await officesRepo.updateOrganisation(tx, { id, version: input.version ?? 0, set: { ...organisationValues(input), updated_at: nowIso() } })))
      throw new StaleVersionError();
    await recordEvent(tx, {
      type: 'organisation.updated',
      officeId: input.officeId ?? null,
      actorId: actor.id,
      subjectType: 'organisation',
      subjectId: id,
      data: { fields: Object.keys(input) },
    });
  });
}

interface MembershipInput {
  role: Role;
  officeId: string | null;
  organisationId: string | null;
}

/** Turns the form's roles + office + organisation into memberships, checking each scope. */
async function membershipsFrom(ctx: AppContext, actor: AuthUser, input: Static<typeof UserBody>): Promise<MembershipInput[]> {
  const out: MembershipInput[] = [];
  for (const role of input.roles) {
    if (roleScope(role) === 'organisation') {
      if (!input.organisationId || !(await officesRepo.findOrganisation(ctx.db, input.organisationId))) {
        throw new ValidationError({ organisationId: 'admin.errors.partnerNeedsOrganisation' });
      }
      out.push({ role, officeId: null, organisationId: input.organisationId });
      continue;
    }
    if (!input.officeId) {
      if (role !== 'administrator') throw new ValidationError({ officeId: 'admin.errors.roleNeedsOffice' });
      out.push({ role, officeId: null, organisationId: null });
      continue;
    }
    if (!(await officesRepo.findOffice(ctx.db, input.officeId))) throw new ValidationError({ officeId: 'errors.choice' });
    out.push({ role, officeId: input.officeId, organisationId: null });
  }
  if (!can(actor, 'manage-user', { officeIds: out.filter((m) => m.role !== 'partner').map((m) => m.officeId) }) && !can(actor, 'manage-offices')) {
    throw new ForbiddenError();
  }
  return out;
}

/** Creates a user without a password; returns the one-time link that lets them set it. */
export async function createUser(ctx: AppContext, actor: AuthUser, input: Static<typeof UserBody>): Promise<{ id: string; link: string }> {
  if (input.timeZone && !validTimeZone(input.timeZone)) throw new ValidationError({ timeZone: 'errors.timeZone' });
  if (await findUserByEmail(ctx.db, input.email)) throw new ValidationError({ email: 'admin.errors.emailTaken' });
  const memberships = await membershipsFrom(ctx, actor, input);
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await insertUser(tx, {
      id,
      email: input.email,
      display_name: input.displayName,
      password_hash: null,
      totp_secret_enc: null,
      totp_enabled_at: null,
      totp_last_step: null,
      locale: input.locale,
      time_zone: input.timeZone ?? 'UTC',
      organisation_id: input.organisationId ?? null,
      locked_until: null,
      password_changed_at: null,
      last_sign_in_at: null,
    });
    await replaceMemberships(tx, id, memberships);
    await recordEvent(tx, { type: 'user.created', officeId: input.officeId ?? null, actorId: actor.id, subjectType: 'user', subjectId: id, data: { roles: input.roles } });
  });
  const link = await issueLink(ctx, { purpose: 'set-password', userId: id, createdBy: actor.id });
  return { id, link };
}

async function loadManagedUser(ctx: AppContext, actor: AuthUser, id: string) {
  const user = await findUserById(ctx.db, id);
  if (!user) throw new NotFoundError();
  const memberships = await membershipsOf(ctx.db, id);
  const officeIds = memberships.filter((m) => m.role !== 'partner').map((m) => m.office_id);
  if (!can(actor, 'manage-user', { officeIds }) && !can(actor, 'manage-offices')) throw new ForbiddenError();
  return { user, memberships };
}

export async function getUser(ctx: AppContext, actor: AuthUser, id: string) {
  return loadManagedUser(ctx, actor, id);
}

export async function updateUser(ctx: AppContext, { actor, id, input }: { actor: AuthUser; id: string; input: Static<typeof UserBody> }): Promise<void> {
  const { user } = await loadManagedUser(ctx, actor, id);
  if (input.timeZone && !validTimeZone(input.timeZone)) throw new ValidationError({ timeZone: 'errors.timeZone' });
  const other = await findUserByEmail(ctx.db, input.email);
  if (other && other.id !== id) throw new ValidationError({ email: 'admin.errors.emailTaken' });
  const memberships = await membershipsFrom(ctx, actor, input);
  if (id === actor.id && !memberships.some((m) => m.role === 'administrator')) {
    throw new ValidationError({ roles: 'admin.errors.cannotDropOwnAdmin' });
  }
  await inTransaction(ctx.db, async (tx) => {
    const updated = await adminRepo.updateUserDetails(tx, id, {
      displayName: input.displayName,
      email: input.email.toLowerCase(),
      locale: input.locale,
      timeZone: input.timeZone ?? user.time_zone,
      organisationId: input.organisationId ?? null,
      version: user.version + 1,
      expectedVersion: input.version ?? 0,
    });
    if (!updated) throw new StaleVersionError();
    await replaceMemberships(tx, id, memberships);
    await recordEvent(tx, { type: 'user.roles_changed', officeId: input.officeId ?? null, actorId: actor.id, subjectType: 'user', subjectId: id, data: { roles: input.roles } });
  });
}

export async function setActive(ctx: AppContext, { actor, id, active }: { actor: AuthUser; id: string; active: boolean }): Promise<void> {
  await loadManagedUser(ctx, actor, id);
  if (id === actor.id && !active) throw new ValidationError({ active: 'admin.errors.cannotDeactivateSelf' });
  await inTransaction(ctx.db, async (tx) => {
    await adminRepo.setUserActive(tx, id, active);
    if (!active) await revokeUserSessions(tx, id);
    if (!active) await revokeAllApiTokens(tx, { userId: id, actorId: actor.id, reason: 'deactivated' });
    await recordEvent(tx, { type: active ? 'user.reactivated' : 'user.deactivated', actorId: actor.id, subjectType: 'user', subjectId: id, data: {} });
  });
}

/** Reset: the password and the second factor are cleared, sessions end, and a new set-password link is issued. */
export async function resetUser(ctx: AppContext, actor: AuthUser, id: string): Promise<string> {
  await loadManagedUser(ctx, actor, id);
  await inTransaction(ctx.db, async (tx) => {
    await adminRepo.clearCredentials(tx, id);
    await revokeUserSessions(tx, id);
    await revokeAllApiTokens(tx, { userId: id, actorId: actor.id, reason: 'reset' });
    await recordEvent(tx, { type: 'user.reset_issued', actorId: actor.id, subjectType: 'user', subjectId: id, data: {} });
  });
  return issueLink(ctx, { purpose: 'set-password', userId: id, createdBy: actor.id });
}
