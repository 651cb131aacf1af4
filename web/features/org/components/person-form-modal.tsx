import { Form, Input, Modal, Select, Switch } from 'antd';
import type { Person, PersonCreate } from '../../../../contracts/org';
import { UnitSelect } from '../../../components/unit-select';
import { useFormDraft } from '../../../lib/drafts';
import { useShowError } from '../../../lib/form-errors';
import { useLang, useT } from '../../../lib/i18n';
import { useCreatePerson, useUpdatePerson } from '../api/use-people';
import { genderOptions, rankOptions } from '../labels';
import { orgMessages } from '../messages';

type Values = PersonCreate;

function PersonForm({
  person,
  onSaved,
  onCancel,
}: {
  person: Person | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const t = useT(orgMessages);
  const lang = useLang();
  const [form] = Form.useForm<Values>();
  const create = useCreatePerson();
  const update = useUpdatePerson();
  const showError = useShowError();
  useFormDraft(form, `person-form:${person?.id ?? 'new'}`);

  const submit = async (values: Values) => {
    const base = {
      unitId: values.unitId,
      name: values.name,
      gender: values.gender ?? null,
      rank: values.rank,
      position: values.position?.trim() || null,
      partyMember: values.partyMember ?? false,
    };
    // Empty sensitive fields on edit mean "keep": the form never holds the real values.
    const phone = values.phone?.trim();
    const idNumber = values.idNumber?.trim();
    try {
      if (person) {
        await update.mutateAsync({
          id: person.id,
          body: { ...base, ...(phone ? { phone } : {}), ...(idNumber ? { idNumber } : {}) },
        });
      } else {
        await create.mutateAsync({ ...base, phone: phone || null, idNumber: idNumber || null });
      }
      onSaved();
    } catch (e) {
      showError(e, form);
    }
  };

  return (
    <Modal
      open
      title={person ? t('editPerson') : t('newPerson')}
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
        name="person-form"
        onFinish={submit}
        initialValues={
          person
            ? {
                unitId: person.unitId,
                name: person.name,
                gender: person.gender,
                rank: person.rank,
                position: person.position,
                partyMember: person.partyMember,
              }
            : { rank: 'ordinary', partyMember: false }
        }
      >
        <Form.Item
          name="name"
          label={t('personName')}
          rules={[
            { required: true, whitespace: true, message: t('required', { field: t('personName') }) },
            { max: 50 },
          ]}
        >
          <Input autoFocus autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="unitId"
          label={t('unit')}
          rules={[{ required: true, message: t('selectRequired', { field: t('unit') }) }]}
        >
          <UnitSelect current={person ? { id: person.unitId, name: person.unitName } : null} />
        </Form.Item>
        <Form.Item
          name="rank"
          label={t('rank')}
          rules={[{ required: true, message: t('selectRequired', { field: t('rank') }) }]}
        >
          <Select options={rankOptions(lang)} />
        </Form.Item>
        <Form.Item name="position" label={t('position')} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="gender" label={t('gender')}>
          <Select allowClear options={genderOptions(lang)} />
        </Form.Item>
        <Form.Item name="partyMember" label={t('partyMember')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('phone')}
          extra={person ? `${person.phoneMask ?? ''} ${t('sensitiveHelp')}` : undefined}
          rules={[{ max: 30 }]}
        >
          <Input inputMode="tel" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('idNumber')}
          extra={person ? `${person.idNumberMask ?? ''} ${t('sensitiveHelp')}` : undefined}
          rules={[{ max: 30 }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Create or edit a person; mounted only while open. */
export function PersonFormModal({
  open,
  person,
  onClose,
  onSaved,
}: {
  open: boolean;
  person: Person | null;
  onClose: () => void;
  onSaved?: () => void;
}) {
  if (!open) return null;
  return (
    <PersonForm
      person={person}
      onCancel={onClose}
      onSaved={() => {
        onSaved?.();
        onClose();
      }}
    />
  );
}
