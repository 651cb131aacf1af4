import { Form, Input, Modal, Select } from 'antd';
import type { Division, DivisionCreate, DivisionLevel } from '../../../../contracts/org';
import { useShowError } from '../../../lib/form-errors';
import { useLang, useT } from '../../../lib/i18n';
import { useCreateDivision, useUpdateDivision } from '../api/use-divisions';
import { levelOptions } from '../labels';
import { orgMessages } from '../messages';

const NEXT_LEVEL: Partial<Record<DivisionLevel, DivisionLevel>> = {
  province: 'city',
  city: 'county',
  county: 'township',
  township: 'village',
  village: 'grid',
};

/** Create a division under a parent (code, name, level) or rename one. */
export function DivisionFormModal({
  mode,
  division,
  parent,
  onClose,
  onSaved,
}: {
  mode: 'create' | 'edit';
  division?: Division | null;
  parent?: { code: string; name: string; level: string } | null;
  onClose: () => void;
  onSaved: (code: string, parentCode: string | null) => void;
}) {
  const t = useT(orgMessages);
  const lang = useLang();
  const [form] = Form.useForm<DivisionCreate>();
  const create = useCreateDivision();
  const update = useUpdateDivision();
  const showError = useShowError();

  const submit = async (values: DivisionCreate) => {
    try {
      if (mode === 'edit' && division) {
        await update.mutateAsync({ code: division.code, body: { name: values.name } });
        onSaved(division.code, division.parentCode);
      } else {
        const created = await create.mutateAsync({ ...values, parentCode: parent?.code ?? null });
        onSaved(created.code, parent?.code ?? null);
      }
    } catch (e) {
      showError(e, form);
    }
  };

  return (
    <Modal
      open
      title={mode === 'edit' ? t('editDivision') : t('newDivision')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={create.isPending || update.isPending}
    >
      <Form<DivisionCreate>
        form={form}
        layout="vertical"
        name="division-form"
        onFinish={submit}
        initialValues={
          mode === 'edit' && division
            ? { code: division.code, name: division.name, level: division.level }
            : {
                code: parent?.code.slice(0, 9) ?? '',
                level: parent ? NEXT_LEVEL[parent.level as DivisionLevel] : 'county',
              }
        }
      >
        {parent && mode === 'create' ? (
          <Form.Item label={t('parentDivision')}>
            <Input value={`${parent.name}（${parent.code}）`} disabled />
          </Form.Item>
        ) : null}
        <Form.Item
          name="code"
          label={t('divisionCode')}
          rules={[{ required: true, pattern: /^\d{12}$/, message: t('codeFormat') }]}
        >
          <Input disabled={mode === 'edit'} inputMode="numeric" maxLength={12} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('divisionName')}
          rules={[
            { required: true, whitespace: true, message: t('required', { field: t('divisionName') }) },
            { max: 100 },
          ]}
        >
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="level" label={t('level')} rules={[{ required: true }]}>
          <Select options={levelOptions(lang)} disabled={mode === 'edit'} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
