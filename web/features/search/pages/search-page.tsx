import { Alert, Button, Card, DatePicker, Empty, Flex, Input, List, Select, Space, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { REQUEST_STATE_LABELS, REQUEST_STATES } from '../../../../contracts/requests';
import { SEARCH_KINDS, type SearchGroup, type SearchHit, type SearchKind } from '../../../../contracts/search';
import { DivisionSelect } from '../../../components/division-select';
import { PageHeader } from '../../../components/page-header';
import { LoadError } from '../../../components/page-states';
import { pick, useLang, useT } from '../../../lib/i18n';
import { useCan } from '../../../lib/session';
import { useSearch } from '../api/use-search';
import { HighlightedText } from '../components/highlighted-text';
import { searchMessages } from '../messages';

const PERMISSION = { requests: 'requests:read', households: 'liaison:read', people: 'org:read' } as const;
const FIELD_LABEL: Record<string, keyof typeof searchMessages> = {
  title: 'fieldTitle',
  body: 'fieldBody',
  address: 'fieldAddress',
  reply: 'fieldReply',
  number: 'fieldNumber',
  name: 'fieldName',
  pinyin: 'fieldPinyin',
  unit: 'fieldUnit',
  village: 'fieldVillage',
};
const PAGE_SIZE = 10;
const PREVIEW_SIZE = 5;

/**
 * 全局搜索 /search?q=…: requests, households and people the user may see, tabbed by kind, each hit with its matches
 * marked and a link to its page. Every filter lives in the address, so a search can be shared and goes back.
 */
export function SearchPage() {
  const t = useT(searchMessages);
  const lang = useLang();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const kinds = SEARCH_KINDS.filter((k) => can(PERMISSION[k]));
  const tabParam = params.get('kind');
  const tab: SearchKind | 'all' = tabParam && kinds.includes(tabParam as SearchKind) ? (tabParam as SearchKind) : 'all';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  // No sort: the server's default (newest requests first; households and people by relevance).
  const sortParam = params.get('sort');
  const sort = sortParam === 'newest' || sortParam === 'relevance' ? sortParam : undefined;
  const state = params.get('state') ?? undefined;
  const divisionCode = params.get('divisionCode') ?? undefined;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;

  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };

  const search = useSearch({
    q,
    ...(tab === 'all' ? {} : { kind: tab, page, pageSize: PAGE_SIZE }),
    ...(tab === 'all' ? { pageSize: PREVIEW_SIZE } : {}),
    sort,
    state: tab === 'all' || tab === 'requests' ? state : undefined,
    divisionCode,
    from,
    to,
  });
  const groups = search.data?.groups ?? [];
  const countOf = (kind: SearchKind) => groups.find((g) => g.kind === kind);

  const renderHit = (hit: SearchHit) => (
    <List.Item key={`${hit.kind}-${hit.id}`} data-testid="search-hit">
      <Flex vertical gap={4} style={{ minWidth: 0, width: '100%' }}>
        <Flex gap={8} wrap align="baseline">
          <Link to={hit.link} data-testid="search-hit-link" style={{ fontWeight: 600 }}>
            {hit.title}
          </Link>
          <Typography.Text type="secondary">{hit.subtitle}</Typography.Text>
          <Typography.Text type="secondary" style={{ marginInlineStart: 'auto' }}>
            {dayjs(hit.at).format('YYYY-MM-DD')}
          </Typography.Text>
        </Flex>
        {hit.snippets.map((s) => (
          <div key={`${s.field}-${s.text}`} style={{ overflowWrap: 'anywhere' }}>
            <Tag>{FIELD_LABEL[s.field] ? t(FIELD_LABEL[s.field]!) : s.field}</Tag>
            <HighlightedText snippet={s} />
          </div>
        ))}
      </Flex>
    </List.Item>
  );

  const notes = (g: SearchGroup) => (
    <>
      {g.recentOnly ? <Alert type="info" showIcon style={{ marginBottom: 8 }} message={t('recentOnly')} /> : null}
      {g.totalCapped ? <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={t('capped')} /> : null}
      {g.kind === 'requests' && g.totalCapped && sort === 'relevance' ? (
        <Alert type="info" showIcon style={{ marginBottom: 8 }} message={t('relevanceWindow')} />
      ) : null}
    </>
  );
  const countLabel = (g: SearchGroup | undefined) => (g ? `${g.total}${g.totalCapped ? '+' : ''}` : '');

  let body: ReactNode;
  if (!q) body = <Empty description={t('typeToSearch')} />;
  else if (search.isError) body = <LoadError error={search.error} onRetry={() => search.refetch()} />;
  else if (tab === 'all')
    body = (
      <Flex vertical gap={16}>
        {groups.map((g) => (
          <Card
            key={g.kind}
            size="small"
            title={`${t(g.kind)}（${countLabel(g)}）`}
            data-testid={`search-group-${g.kind}`}
            extra={
              g.total > g.items.length ? (
                <Button type="link" onClick={() => set({ kind: g.kind })}>
                  {t('more', { total: countLabel(g) })}
                </Button>
              ) : null
            }
          >
            {notes(g)}
            <List
              loading={search.isFetching}
              dataSource={g.items}
              renderItem={renderHit}
              locale={{ emptyText: t('none') }}
            />
          </Card>
        ))}
      </Flex>
    );
  else {
    const g = countOf(tab);
    body = (
      <>
        {g ? notes(g) : null}
        <List
          loading={search.isFetching}
          dataSource={g?.items ?? []}
          renderItem={renderHit}
          locale={{ emptyText: t('none') }}
          pagination={
            g && g.total > PAGE_SIZE
              ? {
                  current: page,
                  pageSize: PAGE_SIZE,
                  total: Math.min(g.total, 50 * PAGE_SIZE),
                  showSizeChanger: false,
                  onChange: (p) => set({ page: String(p) }),
                }
              : false
          }
        />
      </>
    );
  }

  const range: [Dayjs | null, Dayjs | null] = [from ? dayjs(from) : null, to ? dayjs(to).subtract(1, 'day') : null];
  return (
    <>
      <PageHeader title={t('title')} description={t('help')} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          autoFocus={!q}
          key={q}
          defaultValue={q}
          allowClear
          maxLength={100}
          placeholder={t('placeholder')}
          aria-label={t('title')}
          data-testid="search-page-input"
          onSearch={(value) => set({ q: value.trim() || undefined })}
          style={{ width: 320 }}
        />
        <Select
          aria-label={t('sort')}
          value={sort ?? 'default'}
          onChange={(v) => set({ sort: v === 'default' ? undefined : v })}
          options={[
            { value: 'default', label: t('sortDefault') },
            { value: 'relevance', label: t('relevance') },
            { value: 'newest', label: t('newest') },
          ]}
          style={{ width: 120 }}
        />
        <DivisionSelect
          allowClear
          placeholder={t('division')}
          value={divisionCode}
          onChange={(v) => set({ divisionCode: v ?? undefined })}
          style={{ width: 200 }}
        />
        {tab === 'all' || tab === 'requests' ? (
          <>
            <Select
              allowClear
              aria-label={t('state')}
              placeholder={t('state')}
              value={state}
              onChange={(v) => set({ state: v ?? undefined })}
              options={REQUEST_STATES.map((s) => ({ value: s, label: pick(lang, REQUEST_STATE_LABELS[s]) }))}
              style={{ width: 140 }}
            />
            <DatePicker.RangePicker
              allowEmpty={[true, true]}
              aria-label={t('received')}
              value={range}
              onChange={(v) =>
                set({
                  from: v?.[0] ? v[0].startOf('day').toISOString() : undefined,
                  to: v?.[1] ? v[1].add(1, 'day').startOf('day').toISOString() : undefined,
                })
              }
            />
          </>
        ) : null}
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(key) => set({ kind: key === 'all' ? undefined : key })}
        items={[
          { key: 'all', label: t('all') },
          ...kinds.map((k) => {
            const g = countOf(k);
            return { key: k, label: g ? `${t(k)} ${countLabel(g)}` : t(k) };
          }),
        ]}
      />
      {body}
    </>
  );
}
