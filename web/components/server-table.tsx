import { DownloadOutlined, FilterOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Drawer, Flex, Form, Grid, Space, Table, type TableProps, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { type Key, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import type { Page } from '../../contracts/common';
import { api, type Query } from '../lib/api';
import { useShowError } from '../lib/form-errors';
import { useT } from '../lib/i18n';

export interface ListParams extends Query {
  page: number;
  pageSize: number;
  sort?: string;
}

export interface ServerTableHelpers<T> {
  /** Open the detail drawer for a row. */
  openDetail: (row: T) => void;
}

export interface ServerTableProps<T extends object> {
  /** The list's query-key prefix (from the feature's keys.ts); the params are appended. Invalidate the prefix to reload. */
  queryKey: readonly unknown[];
  fetchPage: (params: ListParams) => Promise<Page<T>>;
  /** Columns; a column with `sorter: true` sorts on the server by its `key` (or dataIndex). */
  columns: ColumnsType<T> | ((helpers: ServerTableHelpers<T>) => ColumnsType<T>);
  rowKey: keyof T & string;
  /** Fixed parameters sent with every page and with the export (e.g. the parent of a child list). */
  baseQuery?: Query;
  /** Filter fields (Form.Item elements); their values become query parameters. */
  filters?: ReactNode;
  /** Turn the filter form's values into query parameters (e.g. a date range into from/to). */
  toQuery?: (values: Record<string, unknown>) => Query;
  initialFilters?: Record<string, unknown>;
  /** GET endpoint that answers the same filters and sort with an XLSX file. */
  exportPath?: string;
  exportFileName?: string;
  toolbar?: ReactNode;
  detail?: { title: (row: T) => ReactNode; render: (row: T) => ReactNode; width?: number };
  /** Enables row selection; renders actions for the selected rows. */
  batchActions?: (rows: T[], clear: () => void) => ReactNode;
  pageSize?: number;
  /** Open the detail drawer of the row with this key once it is on the page (a link from the global search). */
  openRowKey?: string | number | undefined;
  ariaLabel: string;
  testId?: string;
}

function defaultToQuery(values: Record<string, unknown>): Query {
  const out: Query = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === '') continue;
    if (typeof value === 'string') out[key] = value.trim();
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = value;
  }
  return out;
}

/**
 * The one list pattern: filters above, server-side paging and sorting, a detail drawer, optional
 * batch actions, and an "Export XLSX" button that downloads exactly the filtered list.
 */
export function ServerTable<T extends object>(props: ServerTableProps<T>) {
  const t = useT();
  const showError = useShowError();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm();
  const toQuery = props.toQuery ?? defaultToQuery;
  const [filters, setFilters] = useState<Query>(() => toQuery(props.initialFilters ?? {}));
  const [paging, setPaging] = useState({ page: 1, pageSize: props.pageSize ?? 20 });
  const [sort, setSort] = useState<string | undefined>();
  const [selected, setSelected] = useState<{ keys: Key[]; rows: T[] }>({ keys: [], rows: [] });
  const [detailRow, setDetailRow] = useState<T | null>(null);
  const [exporting, setExporting] = useState(false);
  // On phones the filters fold away behind a button so the list is on the first screen.
  const [filtersOpen, setFiltersOpen] = useState(false);
  const activeFilters = Object.values(filters).filter((v) => v !== undefined && v !== '').length;

  const params: ListParams = { ...props.baseQuery, ...filters, page: paging.page, pageSize: paging.pageSize, sort };
  const query = useQuery({
    queryKey: [...props.queryKey, params],
    queryFn: () => props.fetchPage(params),
    placeholderData: keepPreviousData,
  });

  const helpers = useMemo<ServerTableHelpers<T>>(() => ({ openDetail: (row) => setDetailRow(row) }), []);
  const openedKey = useRef<string | number | undefined>(undefined);
  useEffect(() => {
    const key = props.openRowKey;
    if (key === undefined || openedKey.current === key || !props.detail) return;
    const row = query.data?.items.find((r) => String(r[props.rowKey]) === String(key));
    if (!row) return;
    openedKey.current = key;
    setDetailRow(row);
  }, [props.openRowKey, props.rowKey, props.detail, query.data]);
  const columns = typeof props.columns === 'function' ? props.columns(helpers) : props.columns;

  const onChange: TableProps<T>['onChange'] = (pagination, _filters, sorter) => {
    const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<T> | undefined;
    const field = s?.order ? String(s.columnKey ?? s.field ?? '') : '';
    const nextSort = field ? (s?.order === 'descend' ? `-${field}` : field) : undefined;
    if (nextSort !== sort) {
      setSort(nextSort);
      setPaging((p) => ({ ...p, page: 1 }));
      return;
    }
    setPaging({ page: pagination.current ?? 1, pageSize: pagination.pageSize ?? paging.pageSize });
  };

  const applyFilters = (values: Record<string, unknown>) => {
    setFilters(toQuery(values));
    setPaging((p) => ({ ...p, page: 1 }));
    setSelected({ keys: [], rows: [] });
  };

  const exportList = async () => {
    if (!props.exportPath) return;
    setExporting(true);
    try {
      await api.download(
        props.exportPath,
        { ...props.baseQuery, ...filters, sort },
        props.exportFileName ?? 'export.xlsx',
      );
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  const clearSelection = () => setSelected({ keys: [], rows: [] });
  // The drawer follows the list: after an edit the refreshed row replaces the one that was clicked.
  const shownRow =
    detailRow && (query.data?.items.find((row) => row[props.rowKey] === detailRow[props.rowKey]) ?? detailRow);

  return (
    <div data-testid={props.testId}>
      {props.filters && !screens.md ? (
        <Button
          icon={<FilterOutlined />}
          onClick={() => setFiltersOpen((o) => !o)}
          aria-expanded={filtersOpen}
          style={{ marginBottom: 8 }}
        >
          {t('filters')}
          {activeFilters ? ` (${activeFilters})` : ''}
        </Button>
      ) : null}
      {props.filters ? (
        <Card size="small" style={{ marginBottom: 12, display: screens.md || filtersOpen ? undefined : 'none' }}>
          <Form
            form={form}
            layout={screens.md ? 'inline' : 'vertical'}
            onFinish={applyFilters}
            initialValues={props.initialFilters}
            aria-label={t('filters')}
            style={{ rowGap: 8 }}
          >
            {props.filters}
            <Form.Item style={{ marginBottom: 0 }}>
              <Space>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                  {t('search')}
                </Button>
                <Button
                  onClick={() => {
                    form.resetFields();
                    applyFilters(form.getFieldsValue());
                  }}
                >
                  {t('reset')}
                </Button>
              </Space>
            </Form.Item>
          </Form>
        </Card>
      ) : null}

      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Space wrap>
          {props.toolbar}
          {props.exportPath ? (
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportList} data-testid="export-xlsx">
              {t('exportXlsx')}
            </Button>
          ) : null}
        </Space>
        <Button
          type="text"
          icon={<ReloadOutlined />}
          aria-label={t('refresh')}
          onClick={() => query.refetch()}
          loading={query.isFetching && !query.isPending}
        />
      </Flex>

      {props.batchActions && selected.rows.length > 0 ? (
        <Alert
          style={{ marginBottom: 8 }}
          type="info"
          message={
            <Flex justify="space-between" align="center" wrap gap={8}>
              <span>{t('selectedItems', { count: selected.rows.length })}</span>
              <Space wrap>{props.batchActions(selected.rows, clearSelection)}</Space>
            </Flex>
          }
        />
      ) : null}

      {query.error ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          message={t('loadFailed')}
          description={query.error.message}
          action={<Button onClick={() => query.refetch()}>{t('retry')}</Button>}
        />
      ) : null}

      <Table<T>
        aria-label={props.ariaLabel}
        rowKey={props.rowKey}
        columns={columns}
        dataSource={query.data?.items ?? []}
        loading={query.isFetching}
        onChange={onChange}
        size={screens.md ? 'middle' : 'small'}
        scroll={{ x: 'max-content' }}
        rowSelection={
          props.batchActions
            ? {
                selectedRowKeys: selected.keys,
                onChange: (keys, rows) => setSelected({ keys, rows }),
              }
            : undefined
        }
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: query.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => t(query.data?.totalCapped ? 'totalItemsCapped' : 'totalItems', { total }),
          size: screens.md ? 'default' : 'small',
          simple: !screens.sm,
        }}
      />

      {props.detail ? (
        <Drawer
          open={detailRow !== null}
          onClose={() => setDetailRow(null)}
          title={shownRow ? props.detail.title(shownRow) : null}
          width={screens.md ? (props.detail.width ?? 560) : '100%'}
          destroyOnHidden
        >
          {shownRow ? props.detail.render(shownRow) : null}
        </Drawer>
      ) : null}
    </div>
  );
}

/** A cell that opens the detail drawer: a real button, so keyboard users can open it too. */
export function DetailLink({ children, onClick }: { children: ReactNode; onClick: () => void }) {
  return (
    <Typography.Link
      onClick={onClick}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onClick();
        }
      }}
      role="button"
      tabIndex={0}
    >
      {children}
    </Typography.Link>
  );
}
