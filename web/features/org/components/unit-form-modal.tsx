import { Form, Input, Modal, Select } from 'antd';
import type { Unit, UnitCreate } from '../../../../contracts/org';
import { DivisionSelect } from '../../../components/division-select';
import { UnitSelect } from '../../../components/unit-select';
import { useFormDraft } from '../../../lib/drafts';
import { useShowError } from '../../../lib/form-errors';
import { useLang, useT } from '../../../lib/i18n';
import { useCreateUnit, useUpdateUnit } from '../api/use-units';
import { kindOptions } from '../labels';
import { orgMessages } from '../messages';

type Values = UnitCreate;

function UnitForm({
  unit,
  onSaved,
  onCancel,
}: {
  unit: Unit | null;
  onSaved: (u: Unit) => void;
  onCancel: () => void;
}) {
  const t = useT(orgMessages);
  const lang = useLang();
  const [form] = Form.useForm<Values>();
  const create = useCreateUnit();
  const update = useUpdateUnit();
  const showError = useShowError();
  useFormDraft(form, `unit-form:${unit?.id ?? 'new'}`);

  const submit = async (values: Values) => {
    const body = {
      ...values,
      shortName: values.shortName?.trim() || null,
      unitClass: values.unitClass?.trim() || null,
      phone: values.phone?.trim() || null,
      parentId: values.parentId ?? null,
    };
    try {
      const saved = unit ? await update.mutateAsync({ id: unit.id, body }) : await create.mutateAsync(body);
      onSaved(saved);
    } catch (e) {
      showError(e, form);
    }
  };

  return (
    <Modal
      open
      title={unit ? t('editUnit') : t('newUnit')}
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
        name="unit-form"
        onFinish={submit}
        initialValues={
          unit
            ? {
                name: unit.name,
                shortName: unit.shortName,
                kind: unit.kind,
                parentId: unit.parentId,
                divisionCode: unit.divisionCode,
                unitClass: unit.unitClass,
                phone: unit.phone,
              }
            : { kind: 'department' }
        }
      >
        <Form.Item
          name="name"
          label={t('unitName')}
          rules={[{ required: true, whitespace: true, message: t('required', { field: t('unitName') }) }, { max: 100 }]}
        >
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="shortName" label={t('shortName')} rules={[{ max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="kind"
          label={t('kind')}
          rules={[{ required: true, message: t('selectRequired', { field: t('kind') }) }]}
        >
          <Select showSearch optionFilterProp="label" options={kindOptions(lang)} />
        </Form.Item>
        <Form.Item name="parentId" label={t('parentUnit')}>
          <UnitSelect
            current={unit?.parentId ? { id: unit.parentId, name: unit.parentName ?? String(unit.parentId) } : null}
            excludeId={unit?.id}
          />
        </Form.Item>
        <Form.Item
          name="divisionCode"
          label={t('division')}
          rules={[{ required: true, message: t('selectRequired', { field: t('division') }) }]}
        >
          <DivisionSelect current={unit ? { code: unit.divisionCode, name: unit.divisionName } : null} />
        </Form.Item>
        <Form.Item name="unitClass" label={t('unitClass')} extra={t('unitClassHelp')} rules={[{ max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('phone')} rules={[{ max: 40 }]}>
          <Input inputMode="tel" autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Create or edit a unit; mounted only while open so each opening starts from the saved values. */
export function UnitFormModal({
  open,
  unit,
  onClose,
  onSaved,
}: {
  open: boolean;
  unit: Unit | null;
  onClose: () => void;
  onSaved?: (u: Unit) => void;
}) {
  if (!open) return null;
  return (
    <UnitForm
      unit={unit}
      onCancel={onClose}
      onSaved={(u) => {
        onSaved?.(u);
        onClose();
      }}
    />
  );
}
