import type { ColumnType } from 'kysely';
import type { AttachmentMime } from '../../../contracts/files.js';

export interface AttachmentTable {
  /** A random UUID: ids travel in URLs and event payloads, so they are not guessable. */
  id: string;
  sha256: string;
  mime: AttachmentMime;
  size: number;
  /** The original file name, normalised (normaliseAttachmentName). */
  name: string;
  uploadedBy: number;
  uploadedAt: ColumnType<Date, Date | string, Date | string>;
  /** The request that uses it; null until then. Once set it never changes. */
  requestId: number | null;
  /** The request event (seq in its log) the attachment came with: a reply, an appeal, an assist note, the intake. */
  eventSeq: number | null;
  linkedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The request's county division code, set on linking. */
  tenantCode: string | null;
}

export interface FileTables {
  attachment: AttachmentTable;
}
