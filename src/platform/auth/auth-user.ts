import type { Membership, Session, User } from '../platform.table.js';
import { type Permission, type Role, roleHas } from './roles.js';

/** The signed-in person as services see them: identity and scoped roles, no secrets. */
export interface AuthUser {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly locale: string;
  readonly timeZone: string;
  readonly organisationId: string | null;
  readonly memberships: ReadonlyArray<Pick<Membership, 'role' | 'office_id' | 'organisation_id'>>;
}

export interface AuthState {
  readonly user: AuthUser;
  /** Undefined for API token requests. */
  readonly session: Session | undefined;
  readonly via: 'session' | 'token';
  /** True once the second factor is passed (always true for API tokens, which need it to be created). */
  readonly mfaPassed: boolean;
  /** For API token requests: which token, and its scopes (null: a token from before scopes, every area). */
  readonly token?: { readonly id: string; readonly scopes: readonly string[] | null };
}

export function toAuthUser(user: User, memberships: AuthUser['memberships']): AuthUser {
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    locale: user.locale,
    timeZone: user.time_zone,
    organisationId: user.organisation_id,
    memberships,
  };
}

export function rolesOf(user: AuthUser): Set<Role> {
  return new Set(user.memberships.map((m) => m.role as Role));
}

/** Whether the user holds the permission in this office (or anywhere, when officeId is omitted). */
export function hasPermission(user: AuthUser, permission: Permission, officeId?: string | null): boolean {
  return user.memberships.some(
    (m) =>
      roleHas(m.role as Role, permission) &&
      (officeId === undefined || m.office_id === null || m.office_id === officeId || m.role === 'partner'),
  );
}

/** Offices where the user holds the permission; 'all' for a role held without an office (a global administrator). */
export function officesWith(user: AuthUser, permission: Permission): string[] | 'all' {
  const offices = new Set<string>();
  for (const m of user.memberships) {
    if (!roleHas(m.role as Role, permission)) continue;
    if (m.role === 'partner') continue;
    if (m.office_id === null) return 'all';
    offices.add(m.office_id);
  }
  return [...offices];
}

/** Organisations a partner user acts for. */
export function partnerOrganisations(user: AuthUser): string[] {
  return user.memberships.filter((m) => m.role === 'partner' && m.organisation_id).map((m) => m.organisation_id as string);
}
