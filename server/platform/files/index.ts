// Attachments' public surface: the requests module (and later the public portal) links, lists and sends files
// through these; the bytes live under the data folder, the rows in `attachment`.

export { attachmentPath, attachmentsDir, storeAttachmentBytes } from './attachment-store.js';
export { normaliseAttachmentName, sniffAttachmentType } from './domain/sniff.js';
export { filesRoutes, sendAttachment } from './files.routes.js';
export {
  type AttachmentDownload,
  attachmentsByEvent,
  canUploadAttachments,
  linkAttachments,
  ownUnlinkedAttachment,
  requestAttachment,
  uploadAttachment,
} from './files.service.js';
export { stripImageMetadata } from './strip-metadata.js';
