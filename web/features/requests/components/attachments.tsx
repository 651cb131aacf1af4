import { FilePdfOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Image, Space, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { ATTACHMENT_MIME_TYPES, type Attachment } from '../../../../contracts/files';
import { api, isApiError, issueMessage } from '../../../lib/api';
import { defineMessages, useT } from '../../../lib/i18n';

export const attachmentMessages = defineMessages({
  attachments: { zh: '附件', en: 'Attachments' },
  choose: { zh: '上传图片或 PDF', en: 'Upload images or PDF' },
  hint: {
    zh: '支持 JPEG、PNG、WebP、GIF 图片和 PDF，每个文件不超过 10 MB，最多 20 个。',
    en: 'JPEG, PNG, WebP, GIF images and PDF, at most 10 MB each, up to 20 files.',
  },
});

const MAX_FILES = 20;

/**
 * A form control for attachments: each chosen file is uploaded at once to POST /api/attachments (the API client adds
 * the CSRF header) and the control's value is the list of the uploaded files' ids, which the action's body carries.
 * The server sniffs the type and limits the size; its refusal is shown on the file.
 */
export function AttachmentUpload({
  value,
  onChange,
  onBusyChange,
  testId,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  /** True while a file is still uploading: the form should wait before it sends the ids. */
  onBusyChange?: (busy: boolean) => void;
  testId?: string;
}) {
  const t = useT(attachmentMessages);
  const [files, setFiles] = useState<UploadFile<Attachment>[]>([]);
  const idsOf = (list: UploadFile<Attachment>[]) =>
    list.filter((f) => f.status === 'done' && f.response).map((f) => (f.response as Attachment).id);

  return (
    <Upload<Attachment>
      multiple
      accept={ATTACHMENT_MIME_TYPES.join(',')}
      fileList={files}
      maxCount={MAX_FILES}
      data-testid={testId}
      customRequest={({ file, onSuccess, onError }) => {
        api
          .upload<Attachment>('/api/attachments', file as File)
          .then((created) => onSuccess?.(created))
          .catch((e: unknown) => {
            const issue = isApiError(e) ? e.fieldIssues[0] : undefined;
            const text = issue ? issueMessage(issue) : e instanceof Error ? e.message : String(e);
            onError?.(Object.assign(new Error(text), { status: isApiError(e) ? e.status : 0 }));
          });
      }}
      onChange={({ fileList }) => {
        setFiles(fileList);
        onBusyChange?.(fileList.some((f) => f.status === 'uploading'));
        const ids = idsOf(fileList);
        if (ids.join() !== (value ?? []).join()) onChange?.(ids);
      }}
      itemRender={(node, file) =>
        file.status === 'error' ? (
          <div title={file.error instanceof Error ? file.error.message : undefined}>
            {node}
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {file.error instanceof Error ? file.error.message : null}
            </Typography.Text>
          </div>
        ) : (
          node
        )
      }
    >
      <Button icon={<UploadOutlined />}>{t('choose')}</Button>
    </Upload>
  );
}

/**
 * A timeline event's files: images as thumbnails that open a preview, PDFs as links; both through the request's own
 * download URL, which checks that the user may read the request.
 */
export function AttachmentList({ requestId, attachments }: { requestId: number; attachments: readonly Attachment[] }) {
  if (!attachments.length) return null;
  const url = (a: Attachment) => `/api/requests/${requestId}/attachments/${encodeURIComponent(a.id)}`;
  const images = attachments.filter((a) => a.mime.startsWith('image/'));
  const documents = attachments.filter((a) => !a.mime.startsWith('image/'));
  return (
    <Space direction="vertical" size={4} style={{ display: 'flex', marginTop: 4 }} data-testid="event-attachments">
      {images.length ? (
        <Image.PreviewGroup>
          <Space wrap size={6}>
            {images.map((a) => (
              <Image
                key={a.id}
                src={url(a)}
                alt={a.name}
                title={a.name}
                width={72}
                height={72}
                style={{ objectFit: 'cover', borderRadius: 4 }}
              />
            ))}
          </Space>
        </Image.PreviewGroup>
      ) : null}
      {documents.map((a) => (
        <Typography.Link key={a.id} href={url(a)} target="_blank" rel="noopener noreferrer">
          {a.mime === 'application/pdf' ? <FilePdfOutlined /> : <PaperClipOutlined />} {a.name}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            ({formatSize(a.size)})
          </Typography.Text>
        </Typography.Link>
      ))}
    </Space>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
