import type { Generated, Insertable, Selectable } from 'kysely';
import type { Iso } from './db/column-types.js';

export type { Iso } from './db/column-types.js';

export interface UserTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  /** TOTP secret, encrypted under the system key. */
  totp_secret_enc: string | null;
  totp_enabled_at: Iso | null;
  /** Last TOTP time step accepted: a code is never accepted twice. */
  totp_last_step: number | null;
  locale: string;
  time_zone: string;
  /** For partner users: the organisation they act for. */
  organisation_id: string | null;
  active: Generated<number>;
  failed_logins: Generated<number>;
  locked_until: Iso | null;
  password_changed_at: Iso | null;
  last_sign_in_at: Iso | null;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

export interface RecoveryCodeTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: Iso | null;
  created_at: Iso;
}

export interface MembershipTable {
  id: string;
  user_id: string;
  role: string;
  /** The office the role applies to; null for partner roles, scoped by organisation instead. */
  office_id: string | null;
  organisation_id: string | null;
  created_at: Iso;
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a stolen database does not yield live sessions. */
  id: string;
  user_id: string;
  created_at: Iso;
  last_seen_at: Iso;
  absolute_expires_at: Iso;
  /** When the second factor was passed; null while only the password has been checked. */
  mfa_at: Iso | null;
  csrf_secret: string;
  /** A one-shot message for the next page (JSON of kind and message key). */
  flash: string | null;
  revoked_at: Iso | null;
}

/** Personal access tokens for the API, stored hashed; they act with their user's scope. */
export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Iso;
  last_used_at: Iso | null;
  expires_at: Iso;
  revoked_at: Iso | null;
  /** JSON list of keyed client fingerprints (user agent and network, never an address), at most 10. */
  known_clients: Generated<string>;
  revoked_reason: string | null;
  /** JSON list of scopes (`<area>:read` or `<area>:write`); null for a token made before scopes: every area. */
  scopes: string | null;
}

export interface OneTimeTokenTable {
  id: string;
  purpose: string;
  user_id: string | null;
  created_by: string | null;
  created_at: Iso;
  expires_at: Iso;
  used_at: Iso | null;
}

export interface AuditEventTable {
  id: string;
  chain: string;
  seq: number;
  office_id: string | null;
  actor_id: string | null;
  type: string;
  subject_type: string | null;
  subject_id: string | null;
  /** JSON; ids and codes only, never personal data. */
  data: string;
  created_at: Iso;
  prev_hash: string;
  hash: string;
  /** 0: plain SHA-256 (rows before the keyed chain); 1: HMAC-SHA-256 under the audit key. */
  mac: Generated<number>;
}

export interface AccessLogTable {
  id: string;
  chain: string;
  seq: number;
  office_id: string | null;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  created_at: Iso;
  prev_hash: string;
  hash: string;
  mac: Generated<number>;
}

export interface AuditHeadTable {
  chain: string;
  seq: number;
  hash: string;
}

export interface DataKeyTable {
  id: string;
  office_id: string | null;
  /** data: encrypts an office's personal fields; index: blind indexes (shared); system: Abri's own secrets. */
  purpose: string;
  wrapped: string;
  master_key_id: string;
  status: string;
  created_at: Iso;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: Iso;
}

export interface JobLeaseTable {
  name: string;
  holder: string | null;
  lease_until: Iso | null;
  last_run_at: Iso | null;
  last_result: string | null;
}

/** A throttle's fixed window, keyed by a keyed hash of bucket and client (never an address or an identifier). */
export interface RateCounterTable {
  id: string;
  count: number;
  /** Milliseconds since the epoch. */
  reset_at: number;
}

/** Sign-in failures of one client (keyed hash); its delay is derived from the count and the last failure. */
export interface ClientLockoutTable {
  id: string;
  failures: number;
  last_failure_at: number;
}

/** An encrypted attachment when FILE_STORE=database, so that every process and host reaches it. */
export interface StoredFileTable {
  path: string;
  bytes: Buffer;
  size: number;
  created_at: Iso;
}

export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Membership = Selectable<MembershipTable>;
export type Session = Selectable<SessionTable>;
export type AuditEvent = Selectable<AuditEventTable>;
export type DataKey = Selectable<DataKeyTable>;
