import type { Generated, Insertable, Selectable } from 'kysely';
import type { Iso } from '../platform/platform.table.js';

/**
 * A report of suspected trafficking, from the public form. Everything a reporter wrote in their own words
 * (description, names, phones, places, contact details) is sealed in `content_enc` with the office key; the
 * clear columns hold only codes and flags that triage sorts and filters on, none of which identifies a person.
 */
export interface ReportTable {
  id: string;
  /** The office the report was routed to; null while it waits in the national inbox (no office can take it yet). */
  office_id: string | null;
  /** Shown to staff only: <office code>-R<year>-<5 digits>. The reporter only ever sees the receipt code. */
  reference: string;
  /** scrypt(receipt code) with a salt derived from a server secret: deterministic, so it can be looked up. */
  receipt_hash: string;
  /** new | in_triage | waiting_reporter | closed | case_opened */
  state: string;
  /** When closed: no_action | referred | not_trafficking | duplicate */
  closure_reason: string | null;
  /** self | relative | witness | professional | other */
  reporter_role: string;
  /** ISO 3166-1 alpha-2 country of the situation (routing); null when unknown. */
  country: string | null;
  /** 1 when the reporter gave a place or a precise point. */
  location_known: number;
  /** yes | no | unknown */
  danger_now: string;
  recent_24h: string;
  children: string;
  /** 1 | 2-5 | 6-20 | 21+ | unknown */
  people_count: string;
  /** HTCDS codes, JSON arrays: vic_MethodOfRecruitment, vic_MethodsOfControl, vic_TypeOfExploitation. */
  recruitment_codes: string;
  control_codes: string;
  exploitation_codes: string;
  /** ISO 639-1 of the free text, detected; null when undetermined. */
  language: string | null;
  /** The locale of the form the reporter used. */
  form_locale: string;
  /** Computed priority: low | medium | high | urgent, and its reasons (JSON [{rule, points, values}]). */
  priority: string;
  priority_reasons: string;
  /** An operator's decision on the priority: confirmed or overridden, with the level and the reason. */
  priority_decision: string | null;
  priority_level: string | null;
  priority_note_enc: string | null;
  priority_decided_by: string | null;
  /** Consent choices, JSON {contact, assistance, police}: yes | no. */
  consents: string;
  /** Encrypted JSON: ReportContent. */
  content_enc: string;
  case_id: string | null;
  received_at: Iso;
  closed_at: Iso | null;
  /** How it arrived: web | hotline | walk_in | sms | whatsapp | email | partner | field (REPORT_CHANNELS). */
  channel: Generated<string>;
  /**
   * Where to answer the reporter outside the follow-up page (an SMS or WhatsApp number with its gateway, an email
   * reply-to), sealed with the office key as JSON ReplyTo; null for the web form and staff-entered reports.
   */
  reply_to_enc: string | null;
  /** A keyed hash (HMAC under a server key) of the normalised address: joins later messages to this report. */
  reply_to_hash: string | null;
  /** The reporter added something since staff last looked. */
  unread: Generated<number>;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

/** Messages between staff and the reporter, through the follow-up channel. */
export interface ReportMessageTable {
  id: string;
  report_id: string;
  office_id: string | null;
  /** staff | reporter */
  author: string;
  author_id: string | null;
  body_enc: string;
  created_at: Iso;
}

/** Attachments, stored encrypted under DATA_DIR/files/reports/<office>/<id>; names are not kept. */
export interface ReportFileTable {
  id: string;
  report_id: string;
  office_id: string | null;
  message_id: string | null;
  /** The type detected from the content, after re-encoding for images. */
  mime: string;
  size: number;
  /** 1 when metadata was removed by re-encoding (images). */
  stripped: number;
  created_at: Iso;
}

/** Blind-index tokens of a report (phone, name, place, workplace): related reports match on these only. */
export interface ReportLookupTable {
  report_id: string;
  office_id: string | null;
  kind: string;
  token: string;
}

/** A link between two reports, confirmed by an operator. Stored once per pair, lower id first. */
export interface ReportLinkTable {
  id: string;
  office_id: string | null;
  report_id: string;
  related_report_id: string;
  confirmed_by: string;
  created_at: Iso;
}

export type ReportRow = Selectable<ReportTable>;
export type NewReport = Insertable<ReportTable>;
export type ReportMessageRow = Selectable<ReportMessageTable>;
export type ReportFileRow = Selectable<ReportFileTable>;

/**
 * One row per submitted report form, so that a form sent twice (a refresh, a double tap on a slow network)
 * makes one report and shows the same receipt code again. Keyed by a hash of the form's one-time token; the
 * code is sealed with a key derived from that token, which only the reporter's page holds. Kept one day.
 */
export interface ReportSubmissionTable {
  id: string;
  report_id: string;
  code_sealed: string;
  created_at: string;
}

/** Triage operators (or supervisors) given the national inbox by an administrator: they triage its reports. */
export interface ReportInboxOperatorTable {
  user_id: string;
  granted_by: string | null;
  created_at: string;
}

/** One row: the counter behind the national inbox's references (INBOX-R<year>-<5 digits>). */
export interface ReportInboxSequenceTable {
  id: number;
  seq: number;
}
