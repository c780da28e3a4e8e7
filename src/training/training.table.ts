import type { Generated, Insertable, Selectable } from 'kysely';
import type { Iso } from '../platform/platform.table.js';

/** A training course run by an office: one topic, one audience, one or more dated sessions. */
export interface TrainingTable {
  id: string;
  office_id: string;
  title: string;
  /** A code of TRAINING_TOPICS. */
  topic: string;
  /** 'government' or 'civil_society'. */
  audience: string;
  country: string;
  place: string | null;
  online: number;
  /** JSON array of curriculum items (short texts). */
  curriculum: string;
  /** JSON array of trainer names (staff or partner trainers, professional data). */
  trainers: string;
  /** Highest possible score of the knowledge test (the same test before and after). */
  test_max_score: number;
  version: Generated<number>;
  created_by: string | null;
  created_at: Iso;
  updated_at: Iso;
}

export interface TrainingSessionTable {
  id: string;
  training_id: string;
  office_id: string;
  /** YYYY-MM-DD. */
  held_on: string;
  subject: string | null;
  required: number;
  created_at: Iso;
}

/** A participant, with the minimum needed: organisation, institution type, role, gender; the name only for the certificate, encrypted. */
export interface TrainingParticipantTable {
  id: string;
  training_id: string;
  office_id: string;
  organisation_id: string | null;
  organisation_name: string | null;
  /** A code of INSTITUTION_TYPES. */
  institution_type: string;
  role: string | null;
  /** female, male, other, not_stated. */
  gender: string;
  /** Encrypted envelope (aad training_participants.name:<id>), or null. */
  name_enc: string | null;
  pre_score: number | null;
  post_score: number | null;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

export interface TrainingAttendanceTable {
  session_id: string;
  participant_id: string;
  office_id: string;
  recorded_at: Iso;
}

/** Training material: an encrypted file under DATA_DIR/files/library/, in one language, about one topic. */
export interface LibraryDocumentTable {
  id: string;
  office_id: string;
  topic: string;
  language: string;
  title: string;
  description: string | null;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string | null;
  created_at: Iso;
}

export type Training = Selectable<TrainingTable>;
export type NewTraining = Insertable<TrainingTable>;
export type TrainingSession = Selectable<TrainingSessionTable>;
export type TrainingParticipant = Selectable<TrainingParticipantTable>;
export type LibraryDocument = Selectable<LibraryDocumentTable>;
