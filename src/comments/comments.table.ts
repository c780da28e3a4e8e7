import type { Generated, Selectable } from 'kysely';
import type { Iso } from '../platform/platform.table.js';

export type CommentStatus = 'pending' | 'approved' | 'rejected' | 'spam' | 'held';

/**
 * Comments on articles. What a visitor typed stays encrypted until a moderator approves it; only then is a
 * plain copy kept for the public page. The email address is never published and stays encrypted.
 */
export interface CommentTable {
  id: string;
  item_id: string;
  /** A staff reply points to the visitor's comment; replies go one level deep. */
  parent_id: string | null;
  office_id: string | null;
  locale: string;
  status: CommentStatus;
  name_enc: string | null;
  email_enc: string | null;
  body_enc: string | null;
  published_name: string | null;
  published_body: string | null;
  author_user_id: string | null;
  /** 1 when it looks like a report of a real situation or holds personal data: held and shown to triage. */
  flagged: Generated<number>;
  /** JSON array of reason codes: phone, email, address, report. */
  flag_reasons: Generated<string>;
  /** For flagged comments: open until triage has looked at it, then handled. */
  triage_status: 'open' | 'handled' | null;
  moderated_by: string | null;
  moderated_at: Iso | null;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

export type Comment = Selectable<CommentTable>;
