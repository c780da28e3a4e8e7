import type { Static } from '@sinclair/typebox';
import type { DuplicateBody } from './cases.schema.js';

/*
 * The sealed (encrypted) fields of a case and its records, and the key label each is sealed under. A label binds a
 * ciphertext to its column and row (the AEAD's associated data): a value copied to another row or column does not
 * decrypt. Every feature that seals or opens one of these builds its label here, never by hand.
 */

/** The identity group of a person (encrypted as one JSON value). */
export interface PersonIdentity {
  firstName?: string;
  middleName?: string;
  lastName?: string;
  aliases?: string[];
  birthDate?: string;
  estimatedAge?: number;
  documents?: Array<{ type: string; number: string; country?: string }>;
  languages?: string[];
}

export interface PersonContact {
  phones?: string[];
  email?: string;
  address?: string;
  safeContactNotes?: string;
}

/** HTCDS vic_: the trafficking context, one encrypted group. */
export interface TraffickingContext {
  recruitmentMethod?: string;
  recruitmentPlace?: string;
  recruitmentDate?: string;
  relationship?: string;
  methodsOfControl?: string[];
  exploitationTypes?: string[];
  industry?: string;
  exploitationPlace?: string;
  exploitationFrom?: string;
  exploitationTo?: string;
}

export interface IncomingReferral {
  referringOrganisation?: string;
  referralDate?: string;
  referralReason?: string;
  referralDetails?: string;
}

export interface CasePerson {
  identity: PersonIdentity;
  contact: PersonContact;
  context: TraffickingContext;
  referral: IncomingReferral;
}

/** The sealed groups of a case row, by group name, with their column. */
export const PERSON_GROUPS = {
  identity: 'identity_enc',
  contact: 'contact_enc',
  health: 'health_enc',
  testimony: 'testimony_enc',
  context: 'context_enc',
  referral: 'referral_enc',
  closure_note: 'closure_note_enc',
} as const;
export type PersonGroup = keyof typeof PERSON_GROUPS;

/** The key label of one sealed group of a case row. */
export function personKeyLabel(group: PersonGroup, caseId: string): string {
  return `cases.${group}:${caseId}`;
}
export const identityKeyLabel = (caseId: string) => personKeyLabel('identity', caseId);
export const contactKeyLabel = (caseId: string) => personKeyLabel('contact', caseId);
export const contextKeyLabel = (caseId: string) => personKeyLabel('context', caseId);
export const referralKeyLabel = (caseId: string) => personKeyLabel('referral', caseId);
export const closureNoteKeyLabel = (caseId: string) => personKeyLabel('closure_note', caseId);

/**
 * The sealed columns of a case's own records, by table: [column, label prefix]. A value's label is
 * `<prefix>:<row id>`; a hand-over re-seals every one of them under the receiving office's key.
 */
export const CASE_RECORD_SEALED_COLUMNS = {
  case_perpetrators: [['details_enc', 'case_perpetrators.details']],
  case_guardians: [['details_enc', 'case_guardians.details']],
  case_best_interests_assessments: [['summary_enc', 'case_bia.summary']],
  case_best_interests_determinations: [['rationale_enc', 'case_bid.rationale']],
  case_family_assessments: [['notes_enc', 'case_family.notes']],
  case_screenings: [['notes_enc', 'case_screenings.notes']],
  case_assessments: [['notes_enc', 'case_assessments.notes']],
  case_notes: [['body_enc', 'case_notes.body']],
  record_corrections: [
    ['previous_enc', 'record_corrections.previous'],
    ['reason_enc', 'record_corrections.reason'],
  ],
  case_reminders: [['text_enc', 'case_reminders.text']],
  case_attachments: [
    ['name_enc', 'case_attachments.name'],
    ['content_enc', 'case_attachments.content'],
  ],
} as const satisfies Record<string, ReadonlyArray<readonly [string, string]>>;

type SealedPrefix = (typeof CASE_RECORD_SEALED_COLUMNS)[keyof typeof CASE_RECORD_SEALED_COLUMNS][number][1];

/** The key label of one sealed column of a case's record, by the record's id. */
export function recordKeyLabel(prefix: SealedPrefix, id: string): string {
  return `${prefix}:${id}`;
}
export const perpetratorKeyLabel = (id: string) => recordKeyLabel('case_perpetrators.details', id);
export const correctionPreviousKeyLabel = (id: string) => recordKeyLabel('record_corrections.previous', id);
export const correctionReasonKeyLabel = (id: string) => recordKeyLabel('record_corrections.reason', id);
export const noteKeyLabel = (id: string) => recordKeyLabel('case_notes.body', id);
export const attachmentNameKeyLabel = (id: string) => recordKeyLabel('case_attachments.name', id);
export const attachmentContentKeyLabel = (id: string) => recordKeyLabel('case_attachments.content', id);
export const reminderKeyLabel = (id: string) => recordKeyLabel('case_reminders.text', id);
export const screeningNotesKeyLabel = (id: string) => recordKeyLabel('case_screenings.notes', id);
export const assessmentNotesKeyLabel = (id: string) => recordKeyLabel('case_assessments.notes', id);
export const guardianKeyLabel = (id: string) => recordKeyLabel('case_guardians.details', id);
export const biaKeyLabel = (id: string) => recordKeyLabel('case_bia.summary', id);
export const bidKeyLabel = (id: string) => recordKeyLabel('case_bid.rationale', id);
export const familyNotesKeyLabel = (id: string) => recordKeyLabel('case_family.notes', id);

/** Drops empty values, so an empty group is stored as nothing rather than as `{}` of blanks. */
export function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))) as T;
}

/** The identity and contact groups from the person fields of a form or body. */
export function personFrom(v: Static<typeof DuplicateBody>): { identity: PersonIdentity; contact: PersonContact } {
  const splitList = (s?: string) =>
    (s ?? '')
      .split(/[,;\n]/)
      .map((x) => x.trim())
      .filter(Boolean)
      .slice(0, 10);
  const identity: PersonIdentity = clean({
    firstName: v.firstName,
    middleName: v.middleName,
    lastName: v.lastName,
    aliases: splitList(v.aliases),
    birthDate: v.birthDate,
    estimatedAge: v.estimatedAge,
    documents: v.documentNumber ? [{ type: v.documentType ?? 'other', number: v.documentNumber }] : undefined,
    languages: splitList(v.languages),
  });
  const contact: PersonContact = clean({ phones: v.phone ? [v.phone] : undefined, email: v.email, address: v.address });
  return { identity, contact };
}
