import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
  StopOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Skeleton, Space, Switch, Tag, Tooltip, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo, useState } from 'react';
import type { CategoryAdmin } from '../../../../contracts/org';
import { PageHeader } from '../../../components/page-header';
import { LoadError } from '../../../components/page-states';
import { useShowError } from '../../../lib/form-errors';
import { useT } from '../../../lib/i18n';
import { useCan } from '../../../lib/session';
import {
  useAllCategories,
  useCreateCategory,
  useDeleteCategory,
  useReorderCategories,
  useUpdateCategory,
} from '../api/use-categories';
import { categoryMessages } from '../category-messages';

type Editing = { mode: 'create'; parent: CategoryAdmin | null } | { mode: 'rename'; category: CategoryAdmin };

/** 诉求分类维护: the taxonomy as a tree, with add child, rename, reorder, deactivate/reactivate and delete. */
export function CategoriesPage() {
  const t = useT(categoryMessages);
  const { message } = App.useApp();
  const showError = useShowError();
  const can = useCan();
  const canWrite = can('org:write');
  const categories = useAllCategories();
  const create = useCreateCategory();
  const update = useUpdateCategory();
  const reorder = useReorderCategories();
  const remove = useDeleteCategory();
  const [showInactive, setShowInactive] = useState(true);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Editing | null>(null);
  const [form] = Form.useForm<{ name: string; code?: string }>();

  const rows = categories.data ?? [];
  const childrenOf = useMemo(() => {
    const map = new Map<string | null, CategoryAdmin[]>();
    for (const c of categories.data ?? []) {
      const list = map.get(c.parentCode) ?? [];
      list.push(c);
      map.set(c.parentCode, list);
    }
    for (const list of map.values()) list.sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
    return map;
  }, [categories.data]);

  const done = (promise: Promise<unknown>, text = t('saved')) =>
    promise.then(() => message.success(text)).catch((error) => showError(error));

  const move = (c: CategoryAdmin, delta: -1 | 1) => {
    const siblings = [...(childrenOf.get(c.parentCode) ?? [])];
    const index = siblings.findIndex((s) => s.code === c.code);
    const target = index + delta;
    if (target < 0 || target >= siblings.length) return;
    [siblings[index], siblings[target]] = [siblings[target]!, siblings[index]!];
    done(reorder.mutateAsync({ parentCode: c.parentCode, codes: siblings.map((s) => s.code) }));
  };

  const matches = (c: CategoryAdmin) => !q || c.name.includes(q) || c.code.toUpperCase().includes(q.toUpperCase());
  const build = (parent: string | null): DataNode[] =>
    (childrenOf.get(parent) ?? [])
      .filter((c) => showInactive || c.active)
      .map((c) => ({ c, children: build(c.code) }))
      .filter(({ c, children }) => matches(c) || children.length > 0)
      .map(({ c, children }) => ({
        key: c.code,
        children,
        title: (
          <Space size={4} wrap>
            <span style={c.active ? undefined : { color: 'rgba(0,0,0,0.45)' }}>{c.name}</span>
            <Tag bordered={false}>{c.code}</Tag>
            {c.active ? null : <Tag color="default">{t('inactive')}</Tag>}
            {canWrite ? (
              <Space size={0} onClick={(e) => e.stopPropagation()}>
                {c.level < 3 && c.active ? (
                  <Tooltip title={t('addChild')}>
                    <Button
                      size="small"
                      type="text"
                      aria-label={t('addChild')}
                      icon={<PlusOutlined />}
                      onClick={() => open({ mode: 'create', parent: c })}
                    />
                  </Tooltip>
                ) : null}
                <Tooltip title={t('rename')}>
                  <Button
                    size="small"
                    type="text"
                    aria-label={t('rename')}
                    icon={<EditOutlined />}
                    onClick={() => open({ mode: 'rename', category: c })}
                  />
                </Tooltip>
                <Tooltip title={t('moveUp')}>
                  <Button
                    size="small"
                    type="text"
                    aria-label={t('moveUp')}
                    icon={<ArrowUpOutlined />}
                    onClick={() => move(c, -1)}
                  />
                </Tooltip>
                <Tooltip title={t('moveDown')}>
                  <Button
                    size="small"
                    type="text"
                    aria-label={t('moveDown')}
                    icon={<ArrowDownOutlined />}
                    onClick={() => move(c, 1)}
                  />
                </Tooltip>
                {c.active ? (
                  <Popconfirm
                    title={t('confirmDeactivate', { name: c.name })}
                    onConfirm={() => done(update.mutateAsync({ code: c.code, patch: { active: false } }))}
                  >
                    <Tooltip title={t('deactivate')}>
                      <Button size="small" type="text" aria-label={t('deactivate')} icon={<StopOutlined />} />
                    </Tooltip>
                  </Popconfirm>
                ) : (
                  <Tooltip title={t('activate')}>
                    <Button
                      size="small"
                      type="text"
                      aria-label={t('activate')}
                      icon={<UndoOutlined />}
                      onClick={() => done(update.mutateAsync({ code: c.code, patch: { active: true } }))}
                    />
                  </Tooltip>
                )}
                <Popconfirm
                  title={t('confirmDelete', { name: c.name })}
                  onConfirm={() => done(remove.mutateAsync(c.code), t('deleted'))}
                >
                  <Tooltip title={t('delete')}>
                    <Button size="small" type="text" danger aria-label={t('delete')} icon={<DeleteOutlined />} />
                  </Tooltip>
                </Popconfirm>
              </Space>
            ) : null}
          </Space>
        ),
      }));

  function open(next: Editing) {
    setEditing(next);
    form.setFieldsValue({ name: next.mode === 'rename' ? next.category.name : '', code: undefined });
  }

  const submit = async () => {
    if (!editing) return;
    const v = await form.validateFields();
    try {
      if (editing.mode === 'create') {
        await create.mutateAsync({
          parentCode: editing.parent?.code ?? null,
          name: v.name,
          ...(v.code ? { code: v.code.trim().toUpperCase() } : {}),
        });
      } else {
        await update.mutateAsync({ code: editing.category.code, patch: { name: v.name } });
      }
      message.success(t('saved'));
      setEditing(null);
    } catch (error) {
      showError(error, form);
    }
  };

  if (categories.error) return <LoadError error={categories.error} onRetry={() => categories.refetch()} />;
  const tree = build(null);

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('help')}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => open({ mode: 'create', parent: null })}>
              {t('addRoot')}
            </Button>
          ) : null
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search allowClear placeholder={t('search')} onSearch={setQ} style={{ width: 240 }} />
          <Space>
            <Switch checked={showInactive} onChange={setShowInactive} />
            {t('showInactive')}
          </Space>
        </Space>
        {categories.isPending ? (
          <Skeleton active />
        ) : (
          <Tree
            treeData={tree}
            blockNode
            selectable={false}
            defaultExpandedKeys={rows.filter((r) => r.level === 1).map((r) => r.code)}
            {...(q ? { expandedKeys: rows.map((r) => r.code) } : {})}
          />
        )}
      </Card>
      <Modal
        open={editing !== null}
        title={editing?.mode === 'rename' ? t('rename') : editing?.parent ? t('addChild') : t('addRoot')}
        onCancel={() => setEditing(null)}
        onOk={submit}
        confirmLoading={create.isPending || update.isPending}
        destroyOnHidden
      >
        {editing?.mode === 'create' && editing.parent ? <p>{t('parent', { name: editing.parent.name })}</p> : null}
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="name"
            label={t('categoryName')}
            rules={[{ required: true, whitespace: true, message: t('required', { field: t('categoryName') }) }]}
          >
            <Input maxLength={50} />
          </Form.Item>
          {editing?.mode === 'create' ? (
            <Form.Item name="code" label={t('categoryCode')} extra={t('codeHelp')}>
              <Input maxLength={30} />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </>
  );
}
