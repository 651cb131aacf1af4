import { DeleteOutlined, EditOutlined, PlusOutlined, ProfileOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Divider, Form, Input, Popconfirm, Select, Skeleton, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { Unit } from '../../../../contracts/org';
import { DivisionSelect } from '../../../components/division-select';
import { ImportWizard } from '../../../components/import-wizard';
import { PageHeader } from '../../../components/page-header';
import { DetailLink, ServerTable } from '../../../components/server-table';
import { useShowError } from '../../../lib/form-errors';
import { useLang, useT } from '../../../lib/i18n';
import { useCan } from '../../../lib/session';
import { orgKeys } from '../api/keys';
import { fetchUnits, useDeleteUnit, useUnit } from '../api/use-units';
import { CatalogueEditor, CatalogueTags } from '../components/catalogue-editor';
import { UnitFormModal } from '../components/unit-form-modal';
import { kindLabel, kindOptions } from '../labels';
import { orgMessages } from '../messages';

function UnitDetail({ id, canWrite, onEdit }: { id: number; canWrite: boolean; onEdit: (u: Unit) => void }) {
  const t = useT(orgMessages);
  const lang = useLang();
  const { data: unit, isPending } = useUnit(id);
  const [editingCatalogue, setEditingCatalogue] = useState(false);
  if (isPending || !unit) return <Skeleton active />;
  return (
    <div data-testid="unit-detail">
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('unitName')}>{unit.name}</Descriptions.Item>
        <Descriptions.Item label={t('shortName')}>{unit.shortName}</Descriptions.Item>
        <Descriptions.Item label={t('kind')}>{kindLabel(lang, unit.kind)}</Descriptions.Item>
        <Descriptions.Item label={t('parentUnit')}>{unit.parentName}</Descriptions.Item>
        <Descriptions.Item label={t('division')}>
          {unit.divisionName} <Typography.Text type="secondary">{unit.divisionCode}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('unitClass')}>{unit.unitClass}</Descriptions.Item>
        <Descriptions.Item label={t('phone')}>{unit.phone}</Descriptions.Item>
        <Descriptions.Item label={t('updatedAt')}>{dayjs(unit.updatedAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
      </Descriptions>
      {canWrite ? (
        <Button icon={<EditOutlined />} style={{ marginTop: 12 }} onClick={() => onEdit(unit)}>
          {t('edit')}
        </Button>
      ) : null}
      <Divider orientation="left">{t('catalogue')}</Divider>
      <CatalogueTags codes={unit.categoryCodes} />
      {canWrite ? (
        <div style={{ marginTop: 12 }}>
          <Button icon={<ProfileOutlined />} onClick={() => setEditingCatalogue(true)} data-testid="edit-catalogue">
            {t('editCatalogue')}
          </Button>
          {editingCatalogue ? (
            <CatalogueEditor
              open
              unitId={unit.id}
              unitName={unit.name}
              value={unit.categoryCodes}
              onClose={() => setEditingCatalogue(false)}
            />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** Units (部门, 乡镇, 村委会…): server-side list, detail drawer with the responsibility catalogue, import/export. */
export function UnitsPage() {
  const t = useT(orgMessages);
  const lang = useLang();
  const can = useCan();
  const canWrite = can('org:write');
  const { message } = App.useApp();
  const showError = useShowError();
  const queryClient = useQueryClient();
  const remove = useDeleteUnit();
  const [editing, setEditing] = useState<{ unit: Unit | null } | null>(null);
  const [importing, setImporting] = useState(false);

  const columns = ({ openDetail }: { openDetail: (u: Unit) => void }): ColumnsType<Unit> => [
    {
      key: 'name',
      title: t('unitName'),
      dataIndex: 'name',
      sorter: true,
      render: (name: string, unit) => <DetailLink onClick={() => openDetail(unit)}>{name}</DetailLink>,
    },
    { key: 'shortName', title: t('shortName'), dataIndex: 'shortName', responsive: ['lg'] },
    { key: 'kind', title: t('kind'), dataIndex: 'kind', sorter: true, render: (kind: string) => kindLabel(lang, kind) },
    { key: 'divisionName', title: t('division'), dataIndex: 'divisionName', responsive: ['md'] },
    { key: 'parentName', title: t('parentUnit'), dataIndex: 'parentName', responsive: ['md'] },
    { key: 'phone', title: t('phone'), dataIndex: 'phone', responsive: ['xl'] },
    ...(canWrite
      ? [
          {
            key: 'actions',
            title: t('actions'),
            render: (_: unknown, unit: Unit) => (
              <Space size={0}>
                <Button
                  type="link"
                  size="small"
                  onClick={() => setEditing({ unit })}
                  aria-label={`${t('edit')} ${unit.name}`}
                >
                  {t('edit')}
                </Button>
                <Popconfirm
                  title={t('confirmDelete', { name: unit.name })}
                  okText={t('delete')}
                  cancelText={t('cancel')}
                  onConfirm={() =>
                    remove.mutateAsync(unit.id).then(
                      () => message.success(t('deleted')),
                      (e) => showError(e),
                    )
                  }
                >
                  <Button
                    type="link"
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`${t('delete')} ${unit.name}`}
                  />
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div>
      <PageHeader
        title={t('unitsTitle')}
        extra={
          canWrite ? (
            <>
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="open-import">
                {t('import')}
              </Button>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setEditing({ unit: null })}
                data-testid="new-unit"
              >
                {t('newUnit')}
              </Button>
            </>
          ) : null
        }
      />
      <ServerTable<Unit>
        ariaLabel={t('unitsTitle')}
        testId="units-table"
        queryKey={orgKeys.units.lists()}
        fetchPage={fetchUnits}
        rowKey="id"
        columns={columns}
        exportPath="/api/org/units/export.xlsx"
        exportFileName="units.xlsx"
        filters={
          <>
            <Form.Item name="q" label={t('keyword')}>
              <Input allowClear placeholder={t('searchUnits')} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="kind" label={t('kind')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={kindOptions(lang)}
                style={{ width: 160 }}
              />
            </Form.Item>
            <Form.Item name="divisionCode" label={t('division')}>
              <DivisionSelect style={{ width: 220 }} />
            </Form.Item>
          </>
        }
        detail={{
          title: (u) => u.name,
          render: (u) => <UnitDetail id={u.id} canWrite={canWrite} onEdit={(unit) => setEditing({ unit })} />,
        }}
      />
      <UnitFormModal
        open={editing !== null}
        unit={editing?.unit ?? null}
        onClose={() => setEditing(null)}
        onSaved={() => message.success(t('saved'))}
      />
      <ImportWizard
        kind="units"
        open={importing}
        onClose={() => setImporting(false)}
        onImported={() => queryClient.invalidateQueries({ queryKey: orgKeys.units.all })}
      />
    </div>
  );
}
