import { z } from 'zod';

/** The file types an attachment may have, sniffed from the content (never from the name or the browser's claim). */
export const ATTACHMENT_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf'] as const;
export const attachmentMimeSchema = z.enum(ATTACHMENT_MIME_TYPES);
export type AttachmentMime = z.infer<typeof attachmentMimeSchema>;

/** A stored attachment as the API shows it: the uploader gets this back and the request timeline lists it. */
export const attachmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  mime: attachmentMimeSchema,
  size: z.number().int().nonnegative(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const attachmentParamsSchema = z.object({ id: z.string().min(1).max(64) });
