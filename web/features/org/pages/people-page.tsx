import { EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Form, Input, Popconfirm, Select, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { Person } from '../../../../contracts/org';
import { ImportWizard } from '../../../components/import-wizard';
import { PageHeader } from '../../../components/page-header';
import { DetailLink, ServerTable } from '../../../components/server-table';
import { UnitSelect } from '../../../components/unit-select';
import { useShowError } from '../../../lib/form-errors';
import { useLang, useT } from '../../../lib/i18n';
import { useCan } from '../../../lib/session';
import { orgKeys } from '../api/keys';
import { fetchPeople, useRemovePerson } from '../api/use-people';
import { PersonFormModal } from '../components/person-form-modal';
import { RevealField } from '../components/reveal-field';
import { genderLabel, rankLabel, rankOptions } from '../labels';
import { orgMessages } from '../messages';

/** People (cadres and staff): search by name or pinyin, masked personal data with audited reveal. */
export function PeoplePage() {
  // A link from the global search: /org/people?q=name&id=personId lists the name and opens the person.
  const [linked] = useSearchParams();
  const t = useT(orgMessages);
  const lang = useLang();
  const can = useCan();
  const canWrite = can('org:write');
  const canReveal = can('people:reveal');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const remove = useRemovePerson();
  const [editing, setEditing] = useState<{ person: Person | null } | null>(null);
  const [importing, setImporting] = useState(false);

  const columns = ({ openDetail }: { openDetail: (p: Person) => void }): ColumnsType<Person> => [
    {
      key: 'name',
      title: t('personName'),
      dataIndex: 'name',
      sorter: true,
      render: (name: string, p) => <DetailLink onClick={() => openDetail(p)}>{name}</DetailLink>,
    },
    { key: 'unitName', title: t('unit'), dataIndex: 'unitName' },
    { key: 'rank', title: t('rank'), dataIndex: 'rank', sorter: true, render: (r: string) => rankLabel(lang, r) },
    { key: 'position', title: t('position'), dataIndex: 'position', responsive: ['md'] },
    {
      key: 'partyMember',
      title: t('partyMember'),
      dataIndex: 'partyMember',
      responsive: ['md'],
      render: (v: boolean) => (v ? <Tag color="red">{t('yes')}</Tag> : t('no')),
    },
    { key: 'gender', title: t('gender'), dataIndex: 'gender', responsive: ['lg'], render: (g) => genderLabel(lang, g) },
    {
      key: 'phoneMask',
      title: t('phone'),
      dataIndex: 'phoneMask',
      responsive: ['lg'],
      render: (_: unknown, p) => (
        <RevealField
          personId={p.id}
          field="phone"
          mask={p.phoneMask}
          canReveal={canReveal}
          label={`${p.name} ${t('phone')}`}
        />
      ),
    },
    ...(canWrite
      ? [
          {
            key: 'actions',
            title: t('actions'),
            render: (_: unknown, p: Person) => (
              <Button
                type="link"
                size="small"
                icon={<EditOutlined />}
                onClick={() => setEditing({ person: p })}
                aria-label={`${t('edit')} ${p.name}`}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <div>
      <PageHeader
        title={t('peopleTitle')}
        extra={
          canWrite ? (
            <>
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="open-import">
                {t('import')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ person: null })}>
                {t('newPerson')}
              </Button>
            </>
          ) : null
        }
      />
      <ServerTable<Person>
        ariaLabel={t('peopleTitle')}
        testId="people-table"
        queryKey={orgKeys.people.lists()}
        fetchPage={fetchPeople}
        rowKey="id"
        columns={columns}
        initialFilters={{ active: 'true', ...(linked.get('q') ? { q: linked.get('q') } : {}) }}
        openRowKey={linked.get('id') ?? undefined}
        exportPath="/api/org/people/export.xlsx"
        exportFileName="people.xlsx"
        filters={
          <>
            <Form.Item name="q" label={t('keyword')}>
              <Input allowClear placeholder={t('searchPeople')} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="unitId" label={t('unit')}>
              <UnitSelect style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="rank" label={t('rank')}>
              <Select allowClear options={rankOptions(lang)} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="active" label={t('status')}>
              <Select
                style={{ width: 110 }}
                options={[
                  { value: 'true', label: t('active') },
                  { value: 'false', label: t('inactive') },
                  { value: 'all', label: t('all') },
                ]}
              />
            </Form.Item>
            <Form.Item name="partyMember" label={t('partyMember')}>
              <Select
                allowClear
                style={{ width: 100 }}
                options={[
                  { value: 'true', label: t('yes') },
                  { value: 'false', label: t('no') },
                ]}
              />
            </Form.Item>
          </>
        }
        detail={{
          title: (p) => p.name,
          render: (p) => (
            <div data-testid="person-detail">
              <Descriptions column={1} size="small" bordered>
                <Descriptions.Item label={t('personName')}>{p.name}</Descriptions.Item>
                <Descriptions.Item label={t('unit')}>{p.unitName}</Descriptions.Item>
                <Descriptions.Item label={t('rank')}>{rankLabel(lang, p.rank)}</Descriptions.Item>
                <Descriptions.Item label={t('position')}>{p.position}</Descriptions.Item>
                <Descriptions.Item label={t('partyMember')}>{p.partyMember ? t('yes') : t('no')}</Descriptions.Item>
                <Descriptions.Item label={t('gender')}>{genderLabel(lang, p.gender)}</Descriptions.Item>
                <Descriptions.Item label={t('phone')}>
                  <RevealField
                    personId={p.id}
                    field="phone"
                    mask={p.phoneMask}
                    canReveal={canReveal}
                    label={t('phone')}
                  />
                </Descriptions.Item>
                <Descriptions.Item label={t('idNumber')}>
                  <RevealField
                    personId={p.id}
                    field="idNumber"
                    mask={p.idNumberMask}
                    canReveal={canReveal}
                    label={t('idNumber')}
                  />
                </Descriptions.Item>
                <Descriptions.Item label={t('status')}>{p.active ? t('active') : t('inactive')}</Descriptions.Item>
              </Descriptions>
              {canWrite ? (
                <Space style={{ marginTop: 12 }} wrap>
                  <Button icon={<EditOutlined />} onClick={() => setEditing({ person: p })}>
                    {t('edit')}
                  </Button>
                  {p.active ? (
                    <Popconfirm
                      title={t('confirmRemove', { name: p.name })}
                      okText={t('remove')}
                      cancelText={t('cancel')}
                      onConfirm={() =>
                        remove.mutateAsync(p.id).then(
                          () => message.success(t('removed')),
                          (e) => showError(e),
                        )
                      }
                    >
                      <Button danger>{t('remove')}</Button>
                    </Popconfirm>
                  ) : null}
                </Space>
              ) : null}
            </div>
          ),
        }}
      />
      <PersonFormModal
        open={editing !== null}
        person={editing?.person ?? null}
        onClose={() => setEditing(null)}
        onSaved={() => message.success(t('saved'))}
      />
      <ImportWizard
        kind="people"
        open={importing}
        onClose={() => setImporting(false)}
        onImported={() => queryClient.invalidateQueries({ queryKey: orgKeys.people.all })}
      />
    </div>
  );
}
