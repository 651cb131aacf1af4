import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Flex, Form, Grid, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { UNIT_KINDS, type UnitKind } from '../../../../contracts/org';
import { PageHeader } from '../../../components/page-header';
import { LoadError, PageLoading } from '../../../components/page-states';
import { useShowError } from '../../../lib/form-errors';
import { useLang, useT } from '../../../lib/i18n';
import { useCan } from '../../../lib/session';
import { downloadRanking, useRanking } from '../api/use-metrics';
import { unitKindOptions } from '../components/metric-filters';
import { RankingTable } from '../components/ranking-table';
import { drillHref, isMonth, lastCompleteMonth } from '../format';
import { metricsMessages } from '../messages';

/**
 * 月度排名: the units of one class ranked by composite score for a month, with the red and black lists marked and
 * the rates behind each score; exported to XLSX with the same filters. A row opens the unit's requests of the month,
 * the unit's name its scorecard.
 */
export function RankingPage() {
  const t = useT(metricsMessages);
  const lang = useLang();
  const navigate = useNavigate();
  const showError = useShowError();
  const can = useCan();
  const screens = Grid.useBreakpoint();
  const [search, setSearch] = useSearchParams();
  const monthParam = search.get('month');
  const kindParam = search.get('unitKind');
  const month = isMonth(monthParam) ? monthParam : lastCompleteMonth(new Date());
  const unitKind: UnitKind = (UNIT_KINDS as readonly string[]).includes(kindParam ?? '')
    ? (kindParam as UnitKind)
    : 'department';
  const q = { month, unitKind };
  const ranking = useRanking(q);
  const [exporting, setExporting] = useState(false);

  const set = (next: { month?: string; unitKind?: string }) =>
    setSearch((prev) => {
      const out = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(next)) if (v) out.set(k, v);
      return out;
    });

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await downloadRanking(q);
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  return (
    <div data-testid="ranking-page">
      <PageHeader
        title={t('rankingPageTitle')}
        description={t('rankingPageHelp')}
        extra={
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportXlsx} data-testid="export-xlsx">
            {t('exportXlsx')}
          </Button>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form layout={screens.md ? 'inline' : 'vertical'} aria-label={t('filters')}>
          <Flex wrap gap={8}>
            <Form.Item label={t('month')} style={{ marginBottom: 0 }}>
              <DatePicker
                picker="month"
                allowClear={false}
                value={dayjs(`${month}-01`)}
                disabledDate={(d) => d.isAfter(dayjs(), 'month')}
                onChange={(d) => d && set({ month: d.format('YYYY-MM') })}
                data-testid="ranking-month"
              />
            </Form.Item>
            <Form.Item label={t('unitKind')} style={{ marginBottom: 0 }}>
              <Select<UnitKind>
                value={unitKind}
                onChange={(kind) => set({ unitKind: kind })}
                options={unitKindOptions(lang)}
                style={{ minWidth: 160 }}
                data-testid="ranking-unit-kind"
              />
            </Form.Item>
          </Flex>
        </Form>
      </Card>
      {ranking.error ? <LoadError error={ranking.error} onRetry={() => ranking.refetch()} /> : null}
      {ranking.isPending ? <PageLoading /> : null}
      {ranking.data ? (
        <Card size="small">
          {ranking.data.rows.length === 0 ? (
            <Alert type="info" showIcon message={t('noData')} style={{ marginBottom: 12 }} />
          ) : null}
          <RankingTable
            ranking={ranking.data}
            rows={ranking.data.rows}
            onOpen={(row) => navigate(drillHref({ figure: 'dispatched', from: month, to: month, unitId: row.unitId }))}
            testId="ranking-table"
          />
          <Flex justify="space-between" wrap gap={8} style={{ marginTop: 8 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('weightsNote', ranking.data.weights)} · {t('unrankedHelp', { min: ranking.data.minVolume })}
            </Typography.Text>
            <Space size={16}>
              {can('reports:read') ? <Link to="/reports/rankings">{t('publishedRankings')}</Link> : null}
              <Link to={`/metrics?from=${month}&to=${month}&unitKind=${unitKind}`}>{t('menuDashboard')}</Link>
            </Space>
          </Flex>
        </Card>
      ) : null}
    </div>
  );
}
