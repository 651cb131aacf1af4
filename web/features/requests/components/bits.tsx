import { Tag, TreeSelect, type TreeSelectProps, Typography } from 'antd';
import { useMemo } from 'react';
import type { TreeNode } from '../../../../contracts/org';
import { REQUEST_STATE_LABELS } from '../../../../contracts/requests';
import { useLang, useT } from '../../../lib/i18n';
import { useCategoryTree, useDivisionName, useUnitName } from '../api/use-requests';
import { labelOf, STATE_COLORS } from '../labels';
import { requestMessages } from '../messages';

interface CategoryOption {
  value: string;
  title: string;
  children: CategoryOption[];
}
const toOptions = (nodes: TreeNode[]): CategoryOption[] =>
  nodes.map((n) => ({ value: n.code, title: `${n.name}`, children: toOptions(n.children) }));

/** Pick a request category from GET /api/org/categories; typing filters by name. */
export function CategorySelect(props: Omit<TreeSelectProps<string>, 'treeData'>) {
  const { data, isPending } = useCategoryTree();
  const treeData = useMemo(() => toOptions(data ?? []), [data]);
  return (
    <TreeSelect<string>
      treeData={treeData}
      loading={isPending}
      showSearch
      treeNodeFilterProp="title"
      allowClear
      popupMatchSelectWidth={false}
      {...props}
    />
  );
}

/** A unit's name (looked up once and cached), its id while loading. */
export function UnitName({ id }: { id: number | null | undefined }) {
  const { data } = useUnitName(id);
  if (!id) return <>—</>;
  return <>{data?.name ?? `#${id}`}</>;
}

export function DivisionName({ code }: { code: string | null | undefined }) {
  const { data } = useDivisionName(code);
  if (!code) return <>—</>;
  return (
    <>
      {data?.name ?? code} <Typography.Text type="secondary">{code}</Typography.Text>
    </>
  );
}

export function StateTag({ state }: { state: string }) {
  const lang = useLang();
  return <Tag color={STATE_COLORS[state] ?? 'default'}>{labelOf(REQUEST_STATE_LABELS, state, lang)}</Tag>;
}

/** The red 推诿 flag and the overdue flag of a request. */
export function Flags({ bounced, overdue }: { bounced: boolean; overdue: boolean }) {
  const t = useT(requestMessages);
  return (
    <>
      {bounced ? (
        <Tag color="red" title={t('bouncedHelp')} data-testid="bounced-tag">
          {t('bounced')}
        </Tag>
      ) : null}
      {overdue ? <Tag color="error">{t('overdue')}</Tag> : null}
    </>
  );
}
