import { Alert, App, Empty, Input, Modal, Skeleton, Space, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { type Key, useMemo, useState } from 'react';
import type { TreeNode } from '../../../../contracts/org';
import { useShowError } from '../../../lib/form-errors';
import { useT } from '../../../lib/i18n';
import { useCategoryTree, useSetUnitCategories } from '../api/use-units';
import { orgMessages } from '../messages';

function indexTree(
  nodes: TreeNode[],
  parents: string[] = [],
  out = new Map<string, { node: TreeNode; parents: string[] }>(),
) {
  for (const node of nodes) {
    out.set(node.code, { node, parents });
    indexTree(node.children, [...parents, node.code], out);
  }
  return out;
}

/**
 * The responsibility catalogue (职责清单) of a unit: the request categories it owns, ticked in the
 * category tree. Ticking a parent ticks its children; a search opens the branches that match.
 */
export function CatalogueEditor({
  unitId,
  unitName,
  value,
  open,
  onClose,
}: {
  unitId: number;
  unitName: string;
  value: string[];
  open: boolean;
  onClose: () => void;
}) {
  const t = useT(orgMessages);
  const showError = useShowError();
  const { data: tree, isPending, error } = useCategoryTree();
  const save = useSetUnitCategories();
  const { message } = App.useApp();
  const [checked, setChecked] = useState<Key[]>(value);
  const [expanded, setExpanded] = useState<Key[]>([]);
  const [search, setSearch] = useState('');
  const index = useMemo(() => indexTree(tree ?? []), [tree]);

  const treeData = useMemo<DataNode[]>(() => {
    const term = search.trim();
    const toData = (nodes: TreeNode[]): DataNode[] =>
      nodes.map((node) => {
        const hit = term && (node.name.includes(term) || node.code.startsWith(term));
        return {
          key: node.code,
          title: hit ? <mark>{node.name}</mark> : node.name,
          children: node.children.length ? toData(node.children) : undefined,
        };
      });
    return toData(tree ?? []);
  }, [tree, search]);

  const onSearch = (term: string) => {
    setSearch(term);
    const trimmed = term.trim();
    if (!trimmed) return;
    const open = new Set<string>();
    for (const [code, { node, parents }] of index)
      if (node.name.includes(trimmed) || code.startsWith(trimmed)) for (const p of parents) open.add(p);
    setExpanded([...open]);
  };

  const submit = async () => {
    try {
      const codes = checked.map(String).filter((code) => index.has(code));
      await save.mutateAsync({ id: unitId, categoryCodes: codes });
      message.success(t('catalogueSaved'));
      onClose();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Modal
      open={open}
      title={`${t('editCatalogue')} · ${unitName}`}
      onCancel={onClose}
      onOk={submit}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={save.isPending}
      width={640}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('catalogueHelp')}</Typography.Paragraph>
      <Input.Search
        allowClear
        placeholder={t('categorySearch')}
        aria-label={t('categorySearch')}
        onSearch={onSearch}
        onChange={(e) => !e.target.value && setSearch('')}
        style={{ marginBottom: 8 }}
      />
      {error ? <Alert type="error" message={error.message} /> : null}
      {isPending ? (
        <Skeleton active />
      ) : (
        <div style={{ maxHeight: '50vh', overflow: 'auto', border: '1px solid #f0f0f0', borderRadius: 6, padding: 8 }}>
          <Tree
            checkable
            selectable={false}
            treeData={treeData}
            checkedKeys={checked}
            expandedKeys={expanded}
            onExpand={(keys) => setExpanded(keys)}
            onCheck={(keys) => setChecked(Array.isArray(keys) ? keys : keys.checked)}
            aria-label={t('catalogue')}
            data-testid="catalogue-tree"
          />
        </div>
      )}
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
        {t('categoriesCount', {
          count: checked.filter((k) => index.get(String(k))?.node.children.length === 0).length,
        })}
      </Typography.Text>
    </Modal>
  );
}

/** The categories a unit owns, as tags; a ticked parent is shown once instead of all its children. */
export function CatalogueTags({ codes }: { codes: string[] }) {
  const t = useT(orgMessages);
  const { data: tree } = useCategoryTree();
  const index = useMemo(() => indexTree(tree ?? []), [tree]);
  const set = new Set(codes);
  const shown = codes.filter((code) => !(index.get(code)?.parents ?? []).some((p) => set.has(p)));
  if (shown.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noCategories')} />;
  return (
    <Space size={[4, 4]} wrap data-testid="catalogue-tags">
      {shown.map((code) => (
        <Tag key={code} color="blue">
          {index.get(code)?.node.name ?? code}
        </Tag>
      ))}
    </Space>
  );
}
