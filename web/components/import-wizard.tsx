import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Modal, Result, Steps, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { ImportIssue } from '../../contracts/common';
import type { ImportResult } from '../../contracts/org';
import { api, isApiError } from '../lib/api';
import { useShowError } from '../lib/form-errors';
import { defineMessages, useT } from '../lib/i18n';

export type ImportKind = 'divisions' | 'units' | 'people';

const messages = defineMessages({
  title: { zh: '批量导入', en: 'Import' },
  stepUpload: { zh: '选择文件', en: 'Choose file' },
  stepCheck: { zh: '检查', en: 'Check' },
  stepDone: { zh: '完成', en: 'Done' },
  dropHint: { zh: '点击或拖拽 CSV / XLSX 文件到这里', en: 'Click or drop a CSV / XLSX file here' },
  dropNote: {
    zh: '第一行为表头。先检查，确认无误后才会导入；有任何错误时不会导入任何数据。',
    en: 'The first row is the header. The file is checked first; nothing is imported while any row has an error.',
  },
  template: { zh: '下载模板', en: 'Download template' },
  check: { zh: '检查文件', en: 'Check file' },
  chosen: { zh: '已选择：{name}', en: 'Chosen: {name}' },
  previewOk: {
    zh: '检查通过：共 {rows} 行，以下为前几行预览。',
    en: 'Check passed: {rows} rows. The first rows are shown below.',
  },
  rejected: {
    zh: '文件中有 {count} 处错误，请修改后重新上传。',
    en: 'The file has {count} problems; fix them and upload again.',
  },
  row: { zh: '行号', en: 'Row' },
  column: { zh: '列', en: 'Column' },
  problem: { zh: '问题', en: 'Problem' },
  confirm: { zh: '确认导入', en: 'Import now' },
  chooseAnother: { zh: '重新选择文件', en: 'Choose another file' },
  imported: { zh: '已导入 {count} 条记录', en: '{count} records imported' },
  fileLabel: { zh: '导入文件', en: 'File to import' },
});

/** Column names of the preview (the server sends field keys); unknown keys are shown as they are. */
const FIELD_LABELS = defineMessages({
  row: { zh: '行号', en: 'Row' },
  code: { zh: '代码', en: 'Code' },
  name: { zh: '名称', en: 'Name' },
  level: { zh: '层级', en: 'Level' },
  parentCode: { zh: '上级代码', en: 'Parent code' },
  parentId: { zh: '上级单位', en: 'Parent unit' },
  parent: { zh: '上级单位', en: 'Parent unit' },
  kind: { zh: '类型', en: 'Kind' },
  divisionCode: { zh: '区划代码', en: 'Division code' },
  categoryCodes: { zh: '职责分类', en: 'Categories' },
  shortName: { zh: '简称', en: 'Short name' },
  unitClass: { zh: '考核类别', en: 'Class' },
  unitId: { zh: '单位', en: 'Unit' },
  unit: { zh: '单位', en: 'Unit' },
  rank: { zh: '职级', en: 'Rank' },
  partyMember: { zh: '党员', en: 'Party member' },
  phone: { zh: '电话', en: 'Phone' },
  idNumber: { zh: '身份证号', en: 'ID number' },
  gender: { zh: '性别', en: 'Gender' },
  position: { zh: '职务', en: 'Position' },
});

type Preview = ImportResult;

function cell(value: unknown, yes: string, no: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? yes : no;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Upload a CSV or XLSX file, check it on the server (dryRun), show a preview or the row-by-row
 * problems, and import only after the user confirms a clean check.
 */
export function ImportWizard({
  kind,
  open,
  onClose,
  onImported,
}: {
  kind: ImportKind;
  open: boolean;
  onClose: () => void;
  onImported?: (count: number) => void;
}) {
  const t = useT(messages);
  const label = useT(FIELD_LABELS);
  const showError = useShowError();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [issues, setIssues] = useState<ImportIssue[] | null>(null);
  const [imported, setImported] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const endpoint = `/api/org/import/${kind}`;
  const step = imported !== null ? 2 : preview || issues ? 1 : 0;

  const reset = () => {
    setFile(null);
    setPreview(null);
    setIssues(null);
    setImported(null);
  };

  const close = () => {
    reset();
    onClose();
  };

  const check = async () => {
    if (!file) return;
    setBusy(true);
    setPreview(null);
    setIssues(null);
    try {
      setPreview(await api.upload<Preview>(endpoint, file, { dryRun: true }));
    } catch (e) {
      if (isApiError(e, 'IMPORT_REJECTED')) {
        const list = e.detail<ImportIssue[]>('issues');
        setIssues(Array.isArray(list) ? list : []);
      } else {
        showError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  const commit = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const result = await api.upload<ImportResult>(endpoint, file);
      setImported(result.imported);
      onImported?.(result.imported);
    } catch (e) {
      if (isApiError(e, 'IMPORT_REJECTED')) {
        const list = e.detail<ImportIssue[]>('issues');
        setPreview(null);
        setIssues(Array.isArray(list) ? list : []);
      } else {
        showError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  const previewColumns = Object.keys(preview?.preview?.[0] ?? {}).map((key) => ({
    key,
    dataIndex: key,
    title: label(key as keyof typeof FIELD_LABELS),
    render: (value: unknown) => cell(value, t('yes'), t('no')),
  }));
  const previewRows = (preview?.preview ?? []).map((row, index) => ({ ...row, __key: index }));

  return (
    <Modal
      open={open}
      onCancel={close}
      title={t('title')}
      width={860}
      destroyOnHidden
      footer={
        step === 2 ? (
          <Button type="primary" onClick={close}>
            {t('close')}
          </Button>
        ) : (
          <Flex justify="space-between" wrap gap={8}>
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                void api.download(`${endpoint}/template.xlsx`, undefined, `${kind}-template.xlsx`).catch(showError)
              }
            >
              {t('template')}
            </Button>
            <Flex gap={8} wrap>
              <Button onClick={close}>{t('cancel')}</Button>
              {preview ? (
                <Button type="primary" loading={busy} onClick={commit} data-testid="import-confirm">
                  {t('confirm')}
                </Button>
              ) : (
                <Button type="primary" disabled={!file} loading={busy} onClick={check} data-testid="import-check">
                  {t('check')}
                </Button>
              )}
            </Flex>
          </Flex>
        )
      }
    >
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 16 }}
        items={[{ title: t('stepUpload') }, { title: t('stepCheck') }, { title: t('stepDone') }]}
      />
      {step === 2 ? (
        <div data-testid="import-done">
          <Result status="success" title={t('imported', { count: imported ?? 0 })} />
        </div>
      ) : (
        <>
          <Upload.Dragger
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            showUploadList={false}
            beforeUpload={(chosen) => {
              setFile(chosen);
              setPreview(null);
              setIssues(null);
              return false;
            }}
            aria-label={t('fileLabel')}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('dropHint')}</p>
            <p className="ant-upload-hint">{t('dropNote')}</p>
          </Upload.Dragger>
          {file ? (
            <Typography.Paragraph style={{ marginTop: 8 }}>
              <UploadOutlined /> {t('chosen', { name: file.name })}
            </Typography.Paragraph>
          ) : null}

          {issues ? (
            <div data-testid="import-issues">
              <Alert
                type="error"
                showIcon
                role="alert"
                message={t('rejected', { count: issues.length })}
                style={{ margin: '12px 0' }}
              />
              <Table<ImportIssue>
                size="small"
                rowKey={(issue) => `${issue.row}:${issue.column}:${issue.problem}`}
                dataSource={issues}
                pagination={issues.length > 10 ? { pageSize: 10, size: 'small' } : false}
                scroll={{ x: 'max-content' }}
                columns={[
                  { key: 'row', dataIndex: 'row', title: t('row'), width: 80 },
                  { key: 'column', dataIndex: 'column', title: t('column'), width: 140 },
                  { key: 'problem', dataIndex: 'problem', title: t('problem') },
                ]}
              />
            </div>
          ) : null}

          {preview ? (
            <div data-testid="import-preview">
              <Alert
                type="success"
                showIcon
                message={t('previewOk', { rows: preview.rows })}
                style={{ margin: '12px 0' }}
              />
              <Table
                size="small"
                rowKey="__key"
                dataSource={previewRows}
                columns={previewColumns}
                pagination={false}
                scroll={{ x: 'max-content' }}
              />
            </div>
          ) : null}
        </>
      )}
    </Modal>
  );
}
