import { Select, type SelectProps } from 'antd';
import { useMemo, useState } from 'react';
import { useUnitOptions } from '../lib/org-lookups';
import { useDebounced } from '../lib/use-debounced';

/**
 * Pick a unit by typing part of its name (searched on the server). `current` labels a value that
 * is not among the first results, e.g. the saved parent of a unit being edited.
 */
export function UnitSelect({
  current,
  excludeId,
  ...props
}: Omit<SelectProps<number>, 'options' | 'onSearch' | 'showSearch' | 'filterOption'> & {
  current?: { id: number; name: string } | null;
  excludeId?: number;
}) {
  const [input, setInput] = useState('');
  const q = useDebounced(input.trim(), 250);
  const { data, isFetching } = useUnitOptions(q);

  const options = useMemo(() => {
    const list = (data?.items ?? [])
      .filter((u) => u.id !== excludeId)
      .map((u) => ({ value: u.id, label: u.name, title: u.divisionName }));
    if (current && !list.some((o) => o.value === current.id))
      list.unshift({ value: current.id, label: current.name, title: '' });
    return list;
  }, [data, current, excludeId]);

  return (
    <Select<number>
      showSearch
      allowClear
      filterOption={false}
      onSearch={setInput}
      loading={isFetching}
      options={options}
      optionRender={(option) => (
        <span>
          {option.label}
          {option.data.title ? <span style={{ color: '#999', marginInlineStart: 8 }}>{option.data.title}</span> : null}
        </span>
      )}
      {...props}
    />
  );
}
