import { Select, type SelectProps } from 'antd';
import { useMemo, useState } from 'react';
import { usePeopleOptions } from '../lib/org-lookups';
import { useDebounced } from '../lib/use-debounced';

/** Pick a person by name, pinyin or initials (searched on the server). */
export function PersonSelect({
  current,
  onPicked,
  onChange,
  ...props
}: Omit<SelectProps<number>, 'options' | 'onSearch' | 'showSearch' | 'filterOption'> & {
  current?: { id: number; name: string } | null;
  /** Called with the chosen person, e.g. to prefill their name and unit. */
  onPicked?: (person: { id: number; name: string; unitId: number; unitName: string } | null) => void;
}) {
  const [input, setInput] = useState('');
  const q = useDebounced(input.trim(), 250);
  const { data, isFetching } = usePeopleOptions(q);
  const people = data?.items ?? [];

  const options = useMemo(() => {
    const list = people.map((p) => ({ value: p.id, label: p.name, title: p.unitName }));
    if (current && !list.some((o) => o.value === current.id))
      list.unshift({ value: current.id, label: current.name, title: '' });
    return list;
  }, [people, current]);

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
      onChange={(value, option) => {
        onChange?.(value, option);
        const person = people.find((p) => p.id === value);
        onPicked?.(
          person ? { id: person.id, name: person.name, unitId: person.unitId, unitName: person.unitName } : null,
        );
      }}
      {...props}
    />
  );
}
