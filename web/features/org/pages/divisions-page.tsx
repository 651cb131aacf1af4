import { DeleteOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Empty, Popconfirm, Row, Skeleton, Space, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useCallback, useMemo, useState } from 'react';
import type { Division, TreeNode } from '../../../../contracts/org';
import { ImportWizard } from '../../../components/import-wizard';
import { PageHeader } from '../../../components/page-header';
import { DetailLink, ServerTable } from '../../../components/server-table';
import { useShowError } from '../../../lib/form-errors';
import { useLang, useT } from '../../../lib/i18n';
import { useCan } from '../../../lib/session';
import { orgKeys } from '../api/keys';
import {
  fetchDivisions,
  fetchDivisionTree,
  useDeleteDivision,
  useDivision,
  useDivisionTree,
} from '../api/use-divisions';
import { DivisionFormModal } from '../components/division-form-modal';
import { levelLabel } from '../labels';
import { orgMessages } from '../messages';

type Editing = {
  mode: 'create' | 'edit';
  division?: Division | null;
  parent?: { code: string; name: string; level: string } | null;
};

/** Divisions (行政区划): a tree loaded level by level, the selected division's details and children. */
export function DivisionsPage() {
  const t = useT(orgMessages);
  const lang = useLang();
  const can = useCan();
  const canWrite = can('org:write');
  const { message } = App.useApp();
  const showError = useShowError();
  const queryClient = useQueryClient();
  const { data: roots, isPending } = useDivisionTree();
  const [loaded, setLoaded] = useState<Record<string, TreeNode[]>>({});
  const [expanded, setExpanded] = useState<React.Key[]>([]);
  const [selected, setSelected] = useState<string | undefined>();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [importing, setImporting] = useState(false);
  const { data: division } = useDivision(selected);
  const remove = useDeleteDivision();

  const loadChildren = useCallback(async (code: string) => {
    const [node] = await fetchDivisionTree(code, 1);
    setLoaded((prev) => ({ ...prev, [code]: node?.children ?? [] }));
  }, []);

  const treeData = useMemo<DataNode[]>(() => {
    const build = (nodes: TreeNode[]): DataNode[] =>
      nodes.map((node) => {
        const kids = loaded[node.code] ?? (node.children.length ? node.children : undefined);
        return {
          key: node.code,
          title: (
            <span>
              {node.name} <Typography.Text type="secondary">{levelLabel(lang, String(node.level))}</Typography.Text>
            </span>
          ),
          isLeaf: node.level === 'grid' || (kids !== undefined && kids.length === 0 && node.code in loaded),
          children: kids ? build(kids) : undefined,
        };
      });
    return build(roots ?? []);
  }, [roots, loaded, lang]);

  const afterChange = async (parentCode: string | null) => {
    await queryClient.invalidateQueries({ queryKey: orgKeys.divisions.all });
    if (parentCode) await loadChildren(parentCode);
  };

  return (
    <div>
      <PageHeader
        title={t('divisionsTitle')}
        description={t('divisionsHelp')}
        extra={
          canWrite ? (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              {t('import')}
            </Button>
          ) : null
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={10} xl={8}>
          <Card title={t('divisionTree')} size="small">
            {isPending ? (
              <Skeleton active />
            ) : (
              <Tree
                treeData={treeData}
                expandedKeys={expanded}
                onExpand={(keys) => setExpanded(keys)}
                selectedKeys={selected ? [selected] : []}
                onSelect={(keys) => setSelected(keys[0] === undefined ? undefined : String(keys[0]))}
                loadData={async (node) => {
                  const code = String(node.key);
                  if (!(code in loaded)) await loadChildren(code);
                }}
                aria-label={t('divisionTree')}
                data-testid="division-tree"
                style={{ maxHeight: '70vh', overflow: 'auto' }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} md={14} xl={16}>
          {!selected || !division ? (
            <Card>
              <Empty description={t('selectDivisionHint')} />
            </Card>
          ) : (
            <Space direction="vertical" style={{ width: '100%' }} size={16}>
              <Card
                title={division.name}
                size="small"
                extra={
                  canWrite ? (
                    <Space wrap>
                      <Button
                        size="small"
                        icon={<PlusOutlined />}
                        onClick={() => setEditing({ mode: 'create', parent: division })}
                        disabled={division.level === 'grid'}
                      >
                        {t('addChild')}
                      </Button>
                      <Button
                        size="small"
                        icon={<EditOutlined />}
                        onClick={() => setEditing({ mode: 'edit', division })}
                      >
                        {t('edit')}
                      </Button>
                      <Popconfirm
                        title={t('confirmDelete', { name: division.name })}
                        okText={t('delete')}
                        cancelText={t('cancel')}
                        onConfirm={async () => {
                          try {
                            await remove.mutateAsync(division.code);
                            message.success(t('deleted'));
                            setSelected(undefined);
                            await afterChange(division.parentCode);
                          } catch (e) {
                            showError(e);
                          }
                        }}
                      >
                        <Button size="small" danger icon={<DeleteOutlined />}>
                          {t('delete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ) : null
                }
              >
                <Descriptions column={{ xs: 1, sm: 2 }} size="small">
                  <Descriptions.Item label={t('divisionCode')}>{division.code}</Descriptions.Item>
                  <Descriptions.Item label={t('level')}>{levelLabel(lang, division.level)}</Descriptions.Item>
                  <Descriptions.Item label={t('parentDivision')}>{division.parentName ?? t('none')}</Descriptions.Item>
                </Descriptions>
              </Card>
              <Card title={t('children')} size="small">
                <ServerTable<Division>
                  ariaLabel={t('children')}
                  queryKey={[...orgKeys.divisions.lists(), division.code]}
                  fetchPage={fetchDivisions}
                  baseQuery={{ parentCode: division.code }}
                  rowKey="code"
                  pageSize={10}
                  exportPath="/api/org/divisions/export.xlsx"
                  exportFileName="divisions.xlsx"
                  columns={[
                    { key: 'code', dataIndex: 'code', title: t('divisionCode'), sorter: true },
                    {
                      key: 'name',
                      dataIndex: 'name',
                      title: t('divisionName'),
                      sorter: true,
                      // Opening a child selects it and unfolds the tree down to it.
                      render: (name: string, child: Division) => (
                        <DetailLink
                          onClick={() => {
                            setExpanded((keys) => (keys.includes(division.code) ? keys : [...keys, division.code]));
                            if (!(division.code in loaded)) void loadChildren(division.code);
                            setSelected(child.code);
                          }}
                        >
                          {name}
                        </DetailLink>
                      ),
                    },
                    { key: 'level', dataIndex: 'level', title: t('level'), render: (l: string) => levelLabel(lang, l) },
                  ]}
                />
              </Card>
            </Space>
          )}
        </Col>
      </Row>
      {editing ? (
        <DivisionFormModal
          mode={editing.mode}
          division={editing.division}
          parent={editing.parent}
          onClose={() => setEditing(null)}
          onSaved={async (code, parentCode) => {
            message.success(t('saved'));
            setEditing(null);
            await afterChange(parentCode);
            if (parentCode) setExpanded((keys) => (keys.includes(parentCode) ? keys : [...keys, parentCode]));
            setSelected(code);
          }}
        />
      ) : null}
      <ImportWizard
        kind="divisions"
        open={importing}
        onClose={() => setImporting(false)}
        onImported={() => {
          setLoaded({});
          void queryClient.invalidateQueries({ queryKey: orgKeys.divisions.all });
        }}
      />
    </div>
  );
}
