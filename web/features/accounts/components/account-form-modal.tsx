import { Form, Input, Modal, Radio, Select } from 'antd';
import type { Account } from '../../../../contracts/auth';
import { ROLE_LABELS, ROLES, type Role, type Scope, violatesAdminSeparation } from '../../../../contracts/roles';
import { DivisionSelect } from '../../../components/division-select';
import { PersonSelect } from '../../../components/person-select';
import { UnitSelect } from '../../../components/unit-select';
import { isApiError, issueMessage } from '../../../lib/api';
import { useFormDraft } from '../../../lib/drafts';
import { useShowError } from '../../../lib/form-errors';
import { pick, useLang, useT } from '../../../lib/i18n';
import { useCreateAccount, useUpdateAccount } from '../api/use-accounts';
import { accountMessages } from '../messages';

interface Values {
  username: string;
  displayName: string;
  personId?: number | null;
  unitId?: number | null;
  roles: Role[];
  scopeKind: Scope['kind'];
  scopeUnitId?: number;
  scopeDivisionCode?: string;
}

function toScope(v: Values): Scope {
  if (v.scopeKind === 'unit') return { kind: 'unit', unitId: v.scopeUnitId as number };
  if (v.scopeKind === 'division') return { kind: 'division', divisionCode: v.scopeDivisionCode as string };
  return { kind: 'all' };
}

/** The server's validation paths for the scope ('scope.unitId') land on the matching form fields. */
function scopeFieldOf(path: (string | number)[]): 'scopeUnitId' | 'scopeDivisionCode' | 'scopeKind' | null {
  if (path[0] !== 'scope') return null;
  if (path[1] === 'unitId') return 'scopeUnitId';
  if (path[1] === 'divisionCode') return 'scopeDivisionCode';
  return 'scopeKind';
}

function AccountForm({
  account,
  onCancel,
  onSaved,
}: {
  account: Account | null;
  onCancel: () => void;
  onSaved: (result: { account: Account; temporaryPassword?: string }) => void;
}) {
  const t = useT(accountMessages);
  const lang = useLang();
  const [form] = Form.useForm<Values>();
  const create = useCreateAccount();
  const update = useUpdateAccount();
  const showError = useShowError();
  const scopeKind = Form.useWatch('scopeKind', form);
  useFormDraft(form, `account-form:${account?.id ?? 'new'}`);

  const submit = async (v: Values) => {
    const scope = toScope(v);
    try {
      if (account) {
        const saved = await update.mutateAsync({
          id: account.id,
          body: { displayName: v.displayName, unitId: v.unitId ?? null, roles: v.roles, scope },
        });
        onSaved({ account: saved });
      } else {
        const created = await create.mutateAsync({
          username: v.username,
          displayName: v.displayName,
          personId: v.personId ?? null,
          unitId: v.unitId ?? null,
          roles: v.roles,
          scope,
        });
        onSaved(created);
      }
    } catch (e) {
      showError(e, form);
      // Nested scope paths ('scope.unitId') land on this form's flat scope fields.
      if (isApiError(e)) {
        const fields = e.fieldIssues
          .map((i) => ({ name: scopeFieldOf(i.path), errors: [issueMessage(i)] }))
          .filter((f): f is { name: NonNullable<typeof f.name>; errors: string[] } => f.name !== null);
        if (fields.length) form.setFields(fields);
      }
    }
  };

  const scope = account?.scope;
  return (
    <Modal
      open
      title={account ? t('editAccount') : t('newAccount')}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={create.isPending || update.isPending}
      width={640}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name="account-form"
        onFinish={submit}
        initialValues={
          account
            ? {
                username: account.username,
                displayName: account.displayName,
                personId: account.personId,
                unitId: account.unit?.id ?? null,
                roles: account.roles,
                scopeKind: account.scope.kind,
                scopeUnitId: scope?.kind === 'unit' ? scope.unitId : undefined,
                scopeDivisionCode: scope?.kind === 'division' ? scope.divisionCode : undefined,
              }
            : { roles: [], scopeKind: 'unit' }
        }
      >
        <Form.Item
          name="username"
          label={t('username')}
          extra={account ? undefined : t('usernameHelp')}
          rules={[
            { required: true, message: t('required', { field: t('username') }) },
            { pattern: /^[a-z0-9._-]{3,40}$/, message: t('usernameHelp') },
          ]}
        >
          <Input disabled={!!account} autoComplete="off" autoCapitalize="none" />
        </Form.Item>
        {account ? null : (
          <Form.Item name="personId" label={t('person')} extra={t('personHelp')}>
            <PersonSelect
              onPicked={(p) => {
                if (!p) return;
                if (!form.getFieldValue('displayName')) form.setFieldValue('displayName', p.name);
                if (!form.getFieldValue('unitId')) form.setFieldValue('unitId', p.unitId);
              }}
            />
          </Form.Item>
        )}
        <Form.Item
          name="displayName"
          label={t('displayName')}
          rules={[
            { required: true, whitespace: true, message: t('required', { field: t('displayName') }) },
            { max: 50 },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="unitId" label={t('unit')}>
          <UnitSelect current={account?.unit ?? null} />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('roles')}
          rules={[
            { required: true, type: 'array', min: 1, message: t('selectRequired', { field: t('roles') }) },
            {
              validator: (_, roles: Role[] | undefined) =>
                roles && violatesAdminSeparation(roles)
                  ? Promise.reject(new Error(t('adminSeparation')))
                  : Promise.resolve(),
            },
          ]}
        >
          <Select<Role[]>
            mode="multiple"
            optionFilterProp="label"
            options={ROLES.map((r) => ({ value: r, label: pick(lang, ROLE_LABELS[r]) }))}
            data-testid="account-roles"
          />
        </Form.Item>
        <Form.Item name="scopeKind" label={t('scope')} rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'all', label: t('scopeAll') },
              { value: 'unit', label: t('scopeUnit') },
              { value: 'division', label: t('scopeDivision') },
            ]}
          />
        </Form.Item>
        {scopeKind === 'unit' ? (
          <Form.Item
            name="scopeUnitId"
            label={t('scopeUnitPick')}
            rules={[{ required: true, message: t('selectRequired', { field: t('scopeUnitPick') }) }]}
          >
            <UnitSelect
              current={scope?.kind === 'unit' ? { id: scope.unitId, name: account?.scopeLabel ?? '' } : null}
            />
          </Form.Item>
        ) : null}
        {scopeKind === 'division' ? (
          <Form.Item
            name="scopeDivisionCode"
            label={t('scopeDivisionPick')}
            rules={[{ required: true, message: t('selectRequired', { field: t('scopeDivisionPick') }) }]}
          >
            <DivisionSelect
              current={
                scope?.kind === 'division' ? { code: scope.divisionCode, name: account?.scopeLabel ?? '' } : null
              }
            />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

/** Create or edit an account; mounted only while open. */
export function AccountFormModal({
  open,
  account,
  onClose,
  onSaved,
}: {
  open: boolean;
  account: Account | null;
  onClose: () => void;
  onSaved: (result: { account: Account; temporaryPassword?: string }) => void;
}) {
  if (!open) return null;
  return (
    <AccountForm
      account={account}
      onCancel={onClose}
      onSaved={(r) => {
        onSaved(r);
        onClose();
      }}
    />
  );
}
