import { InputNumber, Select, Space } from 'antd';
import { LIMIT_UNIT_LABELS, LIMIT_UNITS, type LimitDuration, type LimitUnit } from '../../../../contracts/requests';
import { type Lang, pick, useLang } from '../../../lib/i18n';

/** A limit as the form holds it: both parts empty means "not set by this rule". */
export interface DurationValue {
  amount?: number | null;
  unit?: LimitUnit;
}

/** Amount and unit of one limit (工作日 / 工作小时 / 小时). */
export function DurationInput({
  value,
  onChange,
  placeholder,
}: {
  value?: DurationValue;
  onChange?: (value: DurationValue) => void;
  placeholder?: string;
}) {
  const lang = useLang();
  return (
    <Space.Compact style={{ width: '100%' }}>
      <InputNumber
        min={0}
        step={1}
        style={{ width: '55%' }}
        placeholder={placeholder}
        value={value?.amount ?? null}
        onChange={(amount) => onChange?.({ ...value, amount })}
      />
      <Select<LimitUnit>
        style={{ width: '45%' }}
        value={value?.unit ?? 'working_days'}
        options={LIMIT_UNITS.map((u) => ({ value: u, label: pick(lang, LIMIT_UNIT_LABELS[u]) }))}
        onChange={(unit) => onChange?.({ ...value, unit })}
      />
    </Space.Compact>
  );
}

/** The limit a form value stands for, or undefined when the amount is empty. */
export function toDuration(value: DurationValue | undefined): LimitDuration | undefined {
  if (value?.amount === null || value?.amount === undefined) return undefined;
  return { amount: value.amount, unit: value.unit ?? 'working_days' };
}

/** "15 工作日" / "2 working hours". */
export function formatDuration(lang: Lang, d: LimitDuration | undefined | null): string {
  if (!d) return '—';
  return `${d.amount} ${pick(lang, LIMIT_UNIT_LABELS[d.unit])}`;
}
