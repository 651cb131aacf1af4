import { DatePicker, Flex, Form, Grid, Select } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { UNIT_KINDS, type UnitKind } from '../../../../contracts/org';
import { DivisionSelect } from '../../../components/division-select';
import { pick, useLang, useT } from '../../../lib/i18n';
import type { MetricsFilters } from '../api/use-metrics';
import { useTopCategories } from '../api/use-metrics';
import { defaultPeriod, isMonth } from '../format';
import { metricsMessages, UNIT_KIND_NAMES } from '../messages';

const isUnitKind = (v: string | null): v is UnitKind => !!v && (UNIT_KINDS as readonly string[]).includes(v);

/**
 * The dashboard's filters, kept in the address (so a figure's drill-down, the back button and a shared link keep
 * them): period from–to (default the six complete months before this one), township, top-level category, class of
 * unit.
 */
export function useMetricsFilters(): [MetricsFilters, (next: Partial<MetricsFilters>) => void] {
  const [search, setSearch] = useSearchParams();
  const filters = useMemo<MetricsFilters>(() => {
    const fallback = defaultPeriod(new Date());
    const from = search.get('from');
    const to = search.get('to');
    const period = isMonth(from) && isMonth(to) && from <= to ? { from, to } : fallback;
    const unitKind = search.get('unitKind');
    return {
      ...period,
      divisionCode: search.get('divisionCode') || undefined,
      categoryCode: search.get('categoryCode') || undefined,
      unitKind: isUnitKind(unitKind) ? unitKind : undefined,
    };
  }, [search]);
  const update = useCallback(
    (next: Partial<MetricsFilters>) => {
      setSearch(
        (prev) => {
          const out = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(next)) {
            if (value === undefined || value === null || value === '') out.delete(key);
            else out.set(key, String(value));
          }
          return out;
        },
        { replace: true },
      );
    },
    [setSearch],
  );
  return [filters, update];
}

export function unitKindOptions(lang: 'zh-CN' | 'en') {
  return UNIT_KINDS.map((kind) => ({ value: kind, label: pick(lang, UNIT_KIND_NAMES[kind]) }));
}

/** The filter bar: changes apply at once. */
export function MetricFilters({
  filters,
  onChange,
}: {
  filters: MetricsFilters;
  onChange: (next: Partial<MetricsFilters>) => void;
}) {
  const t = useT(metricsMessages);
  const lang = useLang();
  const screens = Grid.useBreakpoint();
  const categories = useTopCategories();
  return (
    <Form layout={screens.md ? 'inline' : 'vertical'} aria-label={t('filters')} data-testid="metrics-filters">
      <Flex wrap gap={8} style={{ width: '100%' }}>
        <Form.Item label={t('period')} style={{ marginBottom: 0 }}>
          <DatePicker.RangePicker
            picker="month"
            allowClear={false}
            value={[dayjs(`${filters.from}-01`), dayjs(`${filters.to}-01`)]}
            disabledDate={(d) => d.isAfter(dayjs(), 'month')}
            onChange={(range) => {
              const [from, to] = range ?? [];
              if (from && to) onChange({ from: from.format('YYYY-MM'), to: to.format('YYYY-MM') });
            }}
            data-testid="metrics-period"
          />
        </Form.Item>
        <Form.Item label={t('division')} style={{ marginBottom: 0 }}>
          <DivisionSelect
            value={filters.divisionCode}
            onChange={(code) => onChange({ divisionCode: code ?? undefined })}
            placeholder={t('all')}
            style={{ minWidth: 180 }}
          />
        </Form.Item>
        <Form.Item label={t('category')} style={{ marginBottom: 0 }}>
          <Select<string>
            value={filters.categoryCode}
            onChange={(code) => onChange({ categoryCode: code ?? undefined })}
            options={categories.data ?? []}
            loading={categories.isPending}
            placeholder={t('all')}
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ minWidth: 150 }}
          />
        </Form.Item>
        <Form.Item label={t('unitKind')} style={{ marginBottom: 0 }}>
          <Select<UnitKind>
            value={filters.unitKind}
            onChange={(kind) => onChange({ unitKind: kind ?? undefined })}
            options={unitKindOptions(lang)}
            placeholder={t('allUnitKinds')}
            allowClear
            style={{ minWidth: 150 }}
          />
        </Form.Item>
      </Flex>
    </Form>
  );
}
