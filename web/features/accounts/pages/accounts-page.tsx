import { DownOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Dropdown, Form, Input, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { Account } from '../../../../contracts/auth';
import { ROLE_LABELS, ROLES } from '../../../../contracts/roles';
import { PageHeader } from '../../../components/page-header';
import { DetailLink, ServerTable } from '../../../components/server-table';
import { UnitSelect } from '../../../components/unit-select';
import { useShowError } from '../../../lib/form-errors';
import { pick, useLang, useT } from '../../../lib/i18n';
import { useCan } from '../../../lib/session';
import { accountKeys } from '../api/keys';
import {
  fetchAccounts,
  useEndSessions,
  useResetPassword,
  useResetTotp,
  useUnlockAccount,
  useUpdateAccount,
} from '../api/use-accounts';
import { AccountFormModal } from '../components/account-form-modal';
import { accountMessages } from '../messages';

const when = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

function StatusTags({ account }: { account: Account }) {
  const t = useT(accountMessages);
  return (
    <Space size={[4, 4]} wrap>
      {account.disabled ? <Tag>{t('statusDisabled')}</Tag> : <Tag color="green">{t('statusActive')}</Tag>}
      {account.locked ? <Tag color="red">{t('statusLocked')}</Tag> : null}
      {account.mustChangePassword ? <Tag color="orange">{t('mustChange')}</Tag> : null}
    </Space>
  );
}

/** Accounts, roles and data scopes (security administrator), with password reset, unlock and sign-out. */
export function AccountsPage() {
  const t = useT(accountMessages);
  const lang = useLang();
  const can = useCan();
  const canManage = can('accounts:manage');
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const [editing, setEditing] = useState<{ account: Account | null } | null>(null);
  const resetPassword = useResetPassword();
  const unlock = useUnlockAccount();
  const endSessions = useEndSessions();
  const update = useUpdateAccount();
  const resetTotp = useResetTotp();

  const showTemporaryPassword = (account: Account, temporaryPassword: string) => {
    modal.info({
      title: t('tempPasswordTitle'),
      okText: t('tempPasswordNoted'),
      width: 480,
      content: (
        <div>
          <Typography.Paragraph>{t('tempPasswordText', { name: account.displayName })}</Typography.Paragraph>
          <Typography.Paragraph copyable={{ text: temporaryPassword }} data-testid="temporary-password">
            <Typography.Text code style={{ fontSize: 18 }}>
              {temporaryPassword}
            </Typography.Text>
          </Typography.Paragraph>
        </div>
      ),
    });
  };

  const runAction = async (key: string, account: Account) => {
    try {
      if (key === 'reset') {
        const confirmed = await modal.confirm({
          title: t('resetPassword'),
          content: t('resetConfirm', { name: account.displayName }),
          okText: t('ok'),
          cancelText: t('cancel'),
        });
        if (!confirmed) return;
        const { temporaryPassword } = await resetPassword.mutateAsync(account.id);
        showTemporaryPassword(account, temporaryPassword);
      } else if (key === 'reset-totp') {
        const confirmed = await modal.confirm({
          title: t('resetTotp'),
          content: t('resetTotpConfirm', { name: account.displayName }),
          okText: t('ok'),
          cancelText: t('cancel'),
        });
        if (!confirmed) return;
        await resetTotp.mutateAsync(account.id);
        message.success(t('saved'));
      } else if (key === 'unlock') {
        await unlock.mutateAsync(account.id);
        message.success(t('unlocked'));
      } else if (key === 'end-sessions') {
        const confirmed = await modal.confirm({
          title: t('endSessions'),
          content: t('endSessionsConfirm', { name: account.displayName }),
          okText: t('ok'),
          cancelText: t('cancel'),
        });
        if (!confirmed) return;
        const result = await endSessions.mutateAsync(account.id);
        message.success(t('sessionsEnded', { count: result?.ended ?? 0 }));
      } else if (key === 'disable' || key === 'enable') {
        if (key === 'disable') {
          const confirmed = await modal.confirm({
            title: t('disable'),
            content: t('disableConfirm', { name: account.displayName }),
            okText: t('disable'),
            okButtonProps: { danger: true },
            cancelText: t('cancel'),
          });
          if (!confirmed) return;
        }
        await update.mutateAsync({ id: account.id, body: { disabled: key === 'disable' } });
        message.success(t('saved'));
      }
    } catch (e) {
      showError(e);
    }
  };

  const actionsOf = (a: Account) => [
    { key: 'reset', label: t('resetPassword') },
    { key: 'reset-totp', label: t('resetTotp'), disabled: !a.totpEnabled },
    { key: 'unlock', label: t('unlock'), disabled: !a.locked },
    { key: 'end-sessions', label: t('endSessions') },
    a.disabled ? { key: 'enable', label: t('enable') } : { key: 'disable', label: t('disable'), danger: true },
  ];

  const roleTags = (roles: Account['roles']) => (
    <Space size={[4, 4]} wrap>
      {roles.map((r) => (
        <Tag key={r}>{pick(lang, ROLE_LABELS[r])}</Tag>
      ))}
    </Space>
  );

  const columns = ({ openDetail }: { openDetail: (a: Account) => void }): ColumnsType<Account> => [
    {
      key: 'username',
      dataIndex: 'username',
      title: t('username'),
      sorter: true,
      render: (username: string, a) => <DetailLink onClick={() => openDetail(a)}>{username}</DetailLink>,
    },
    { key: 'displayName', dataIndex: 'displayName', title: t('displayName'), sorter: true },
    { key: 'unit', title: t('unit'), responsive: ['md'], render: (_, a) => a.unit?.name ?? '—' },
    { key: 'roles', dataIndex: 'roles', title: t('roles'), render: roleTags },
    { key: 'scope', dataIndex: 'scopeLabel', title: t('scope'), responsive: ['lg'] },
    { key: 'status', title: t('status'), render: (_, a) => <StatusTags account={a} /> },
    ...(canManage
      ? [
          {
            key: 'actions',
            title: t('actions'),
            render: (_: unknown, a: Account) => (
              <Space size={0}>
                <Button
                  type="link"
                  size="small"
                  icon={<EditOutlined />}
                  aria-label={`${t('edit')} ${a.username}`}
                  onClick={() => setEditing({ account: a })}
                />
                <Dropdown
                  trigger={['click']}
                  menu={{ items: actionsOf(a), onClick: ({ key }) => void runAction(key, a) }}
                >
                  <Button type="link" size="small" aria-label={`${t('more')} ${a.username}`}>
                    {t('more')} <DownOutlined />
                  </Button>
                </Dropdown>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div>
      <PageHeader
        title={t('title')}
        description={t('help')}
        extra={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ account: null })}>
              {t('newAccount')}
            </Button>
          ) : null
        }
      />
      <ServerTable<Account>
        ariaLabel={t('title')}
        testId="accounts-table"
        queryKey={accountKeys.lists()}
        fetchPage={fetchAccounts}
        rowKey="id"
        columns={columns}
        exportPath="/api/accounts/export.xlsx"
        exportFileName="accounts.xlsx"
        filters={
          <>
            <Form.Item name="q" label={t('keyword')}>
              <Input allowClear placeholder={t('searchAccounts')} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="role" label={t('roles')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                style={{ width: 160 }}
                options={ROLES.map((r) => ({ value: r, label: pick(lang, ROLE_LABELS[r]) }))}
              />
            </Form.Item>
            <Form.Item name="unitId" label={t('unit')}>
              <UnitSelect style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="locked" label={t('statusLocked')}>
              <Select
                allowClear
                style={{ width: 100 }}
                options={[
                  { value: 'true', label: t('yes') },
                  { value: 'false', label: t('no') },
                ]}
              />
            </Form.Item>
            <Form.Item name="disabled" label={t('statusDisabled')}>
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
          title: (a) => `${a.displayName}（${a.username}）`,
          render: (a) => (
            <div>
              <Descriptions column={1} size="small" bordered>
                <Descriptions.Item label={t('username')}>{a.username}</Descriptions.Item>
                <Descriptions.Item label={t('displayName')}>{a.displayName}</Descriptions.Item>
                <Descriptions.Item label={t('unit')}>{a.unit?.name ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('roles')}>{roleTags(a.roles)}</Descriptions.Item>
                <Descriptions.Item label={t('scope')}>{a.scopeLabel}</Descriptions.Item>
                <Descriptions.Item label={t('status')}>
                  <StatusTags account={a} />
                </Descriptions.Item>
                <Descriptions.Item label={t('totp')}>{a.totpEnabled ? t('yes') : t('no')}</Descriptions.Item>
                <Descriptions.Item label={t('lockedUntil')}>{when(a.lockedUntil)}</Descriptions.Item>
                <Descriptions.Item label={t('failedAttempts')}>{a.failedAttempts}</Descriptions.Item>
                <Descriptions.Item label={t('passwordChangedAt')}>{when(a.passwordChangedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('lastLogin')}>{when(a.lastLoginAt)}</Descriptions.Item>
              </Descriptions>
              {canManage ? (
                <Space wrap style={{ marginTop: 12 }}>
                  <Button icon={<EditOutlined />} onClick={() => setEditing({ account: a })}>
                    {t('edit')}
                  </Button>
                  {actionsOf(a).map((action) => (
                    <Button
                      key={action.key}
                      disabled={action.disabled}
                      danger={'danger' in action ? action.danger : false}
                      onClick={() => void runAction(action.key, a)}
                    >
                      {action.label}
                    </Button>
                  ))}
                </Space>
              ) : null}
            </div>
          ),
        }}
      />
      <AccountFormModal
        open={editing !== null}
        account={editing?.account ?? null}
        onClose={() => setEditing(null)}
        onSaved={({ account, temporaryPassword }) => {
          message.success(t('saved'));
          if (temporaryPassword) showTemporaryPassword(account, temporaryPassword);
        }}
      />
    </div>
  );
}
