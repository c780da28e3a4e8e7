import type { Generated, Selectable } from 'kysely';
import type { Iso } from '../platform/platform.table.js';

/** A phone or tablet running ODK Collect / KoboCollect / Enketo, enrolled by an administrator for one office. */
export interface OdkAppUserTable {
  id: string;
  office_id: string;
  /** A label an administrator chose ("Outreach tablet 3"), never a person's name by rule of the form's hint. */
  display_name: string;
  /** SHA-256 of the token; the token itself is shown once, in the enrolment link. */
  token_hash: string;
  /** 1: forms carry the office's public key and submissions arrive encrypted. */
  encrypted: Generated<number>;
  created_by: string;
  created_at: Iso;
  last_used_at: Iso | null;
  revoked_at: Iso | null;
  revoked_by: string | null;
}

/** The office's RSA key pair for encrypted forms: the public key in every form, the private key sealed. */
export interface OdkOfficeKeyTable {
  office_id: string;
  /** Base64 DER SubjectPublicKeyInfo, as `base64RsaPublicKey` expects it. */
  public_key: string;
  /** Sealed PKCS#8 PEM, under the office's data key. */
  private_key_enc: string;
  created_at: Iso;
}

/**
 * Every submission received: processed (became a case or a report), or a conflict kept for a person to resolve
 * (older form version, duplicate instance, invalid content), with the decrypted instance sealed until then.
 */
export interface OdkSubmissionTable {
  id: string;
  office_id: string;
  app_user_id: string;
  form_id: string;
  form_version: string;
  instance_id: string;
  encrypted: number;
  /** processed | conflict | resolved */
  status: string;
  /** old_version | duplicate | case_changed | invalid */
  conflict_reason: string | null;
  /** Sealed instance XML (and attachment names) of a conflict; cleared once resolved by discarding. */
  payload_enc: string | null;
  /** Keyed MAC of the decrypted instance: the same record sent again is recognised without keeping it. */
  content_mac: string;
  case_id: string | null;
  report_id: string | null;
  received_at: Iso;
  resolved_by: string | null;
  resolved_at: Iso | null;
  /** applied | discarded */
  resolution: string | null;
}

export interface OdkInstanceTable {
  form_id: string;
  instance_id: string;
  submission_id: string;
}

export type OdkAppUser = Selectable<OdkAppUserTable>;
export type OdkSubmission = Selectable<OdkSubmissionTable>;

/**
 * The parts of a submission Collect split over several POSTs (`*isIncomplete*=yes` on all but the last): each file
 * kept sealed under the office's key until the last part arrives, then read and deleted with the submission.
 */
export interface OdkPartTable {
  id: string;
  office_id: string;
  app_user_id: string;
  instance_id: string;
  /** The multipart field name (the file's name as the instance or the manifest names it). */
  name: string;
  size: number;
  content_enc: string;
  received_at: Iso;
}
