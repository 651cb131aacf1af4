import { Cascader } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { PortalPlace } from '../../../../contracts/portal';
import { fetchPlaces } from '../api/use-portal';

interface Option {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: Option[];
}

const toOption = (p: PortalPlace): Option => ({ value: p.code, label: p.name, isLeaf: !p.hasChildren });

function withChildren(options: Option[], code: string, children: Option[]): Option[] {
  return options.map((o) =>
    o.value === code
      ? { ...o, children }
      : o.children
        ? { ...o, children: withChildren(o.children, code, children) }
        : o,
  );
}

/**
 * The place picker: divisions one level at a time (county → township → village/community), loaded as they are opened.
 * `prefill` is the path of a place given in the address (`?division=`), loaded level by level so it shows selected.
 */
export function PlacePicker({
  value,
  onChange,
  prefill,
  placeholder,
  id,
  changeOnSelect = false,
}: {
  value?: string[];
  onChange?: (value: string[]) => void;
  prefill?: string[] | undefined;
  placeholder?: string;
  id?: string;
  /** Any level may be chosen (not only a village/community). */
  changeOnSelect?: boolean;
}) {
  const [options, setOptions] = useState<Option[]>([]);
  const prefillKey = prefill?.join('/') ?? '';
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  useEffect(() => {
    let cancelled = false;
    const path = prefillKey ? prefillKey.split('/') : [];
    (async () => {
      let tree = (await fetchPlaces(undefined)).map(toOption);
      for (const code of path.slice(0, -1)) tree = withChildren(tree, code, (await fetchPlaces(code)).map(toOption));
      if (!cancelled) {
        setOptions(tree);
        if (path.length) onChangeRef.current?.(path);
      }
    })().catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [prefillKey]);

  return (
    <Cascader
      id={id}
      changeOnSelect={changeOnSelect}
      size="large"
      style={{ width: '100%' }}
      options={options}
      value={value}
      placeholder={placeholder}
      onChange={(v) => onChange?.((v ?? []) as string[])}
      loadData={async (selected) => {
        const target = selected[selected.length - 1] as Option;
        const children = (await fetchPlaces(target.value)).map(toOption);
        setOptions((current) => withChildren(current, target.value, children));
      }}
      data-testid="portal-place"
    />
  );
}
