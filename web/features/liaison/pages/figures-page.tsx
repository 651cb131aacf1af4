import { Card, DatePicker, List, Segmented, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import EChartsReactCore from 'echarts-for-react/esm/core';
import { useState } from 'react';
import type { FigureRow } from '../../../../contracts/liaison';
import { PageHeader } from '../../../components/page-header';
import { useT } from '../../../lib/i18n';
import { useFigures, useScopeDiaries } from '../api/use-liaison';
import { liaisonMessages } from '../messages';

// Only the chart pieces used, so the page's lazy chunk stays small.
echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 });

/** The latest diaries (民情日记) of the cadres in the leader's scope. */
function ScopeDiaries() {
  const t = useT(liaisonMessages);
  const [page, setPage] = useState(1);
  const { data, isLoading } = useScopeDiaries(page);
  return (
    <Card title={t('diary')} style={{ marginTop: 16 }} data-testid="scope-diaries">
      <List
        loading={isLoading}
        dataSource={data?.items ?? []}
        pagination={{ current: page, pageSize: 10, total: data?.total ?? 0, onChange: setPage, size: 'small' }}
        renderItem={(d) => (
          <List.Item>
            <List.Item.Meta
              title={`${d.day} · ${d.cadreName}`}
              description={
                <>
                  {d.newProblems && (
                    <div>
                      <Typography.Text type="secondary">{t('newProblems')}：</Typography.Text>
                      {d.newProblems}
                    </div>
                  )}
                  {d.newIdeas && (
                    <div>
                      <Typography.Text type="secondary">{t('newIdeas')}：</Typography.Text>
                      {d.newIdeas}
                    </div>
                  )}
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

/** The leader's page: liaison figures per cadre, unit or township over a period, with the coverage chart. */
export function LiaisonFiguresPage() {
  const t = useT(liaisonMessages);
  const [groupBy, setGroupBy] = useState<'cadre' | 'unit' | 'township'>('township');
  const [range, setRange] = useState<[string, string]>([
    dayjs().startOf('year').format('YYYY-MM-DD'),
    dayjs().format('YYYY-MM-DD'),
  ]);
  const { data, isLoading } = useFigures(groupBy, range[0], range[1]);
  const rows = data?.rows ?? [];
  const chartRows = [...rows].sort((a, b) => b.householdsPaired - a.householdsPaired).slice(0, 20);
  return (
    <>
      <PageHeader title={t('figuresTitle')} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          aria-label={t('groupBy')}
          value={groupBy}
          onChange={(v) => setGroupBy(v as typeof groupBy)}
          options={[
            { value: 'township', label: t('byTownship') },
            { value: 'unit', label: t('byUnit') },
            { value: 'cadre', label: t('byCadre') },
          ]}
        />
        <DatePicker.RangePicker
          aria-label={t('period')}
          value={[dayjs(range[0]), dayjs(range[1])]}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])}
        />
      </Space>
      {chartRows.length > 0 && (
        <EChartsReactCore
          echarts={echarts}
          style={{ height: 280 }}
          option={{
            tooltip: { trigger: 'axis' },
            legend: { data: [t('householdsPaired'), t('visitCoverage')] },
            xAxis: { type: 'category', data: chartRows.map((r) => r.name), axisLabel: { rotate: 30 } },
            yAxis: [{ type: 'value' }, { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } }],
            series: [
              { name: t('householdsPaired'), type: 'bar', data: chartRows.map((r) => r.householdsPaired) },
              {
                name: t('visitCoverage'),
                type: 'line',
                yAxisIndex: 1,
                data: chartRows.map((r) => (r.visitCoverage === null ? null : Math.round(r.visitCoverage * 1000) / 10)),
              },
            ],
          }}
        />
      )}
      <Table<FigureRow>
        rowKey="key"
        size="small"
        loading={isLoading}
        dataSource={rows}
        scroll={{ x: 900 }}
        data-testid="figures-table"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        summary={() =>
          data ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{t('total')}</Table.Summary.Cell>
              <Table.Summary.Cell index={1}>{data.total.householdsPaired}</Table.Summary.Cell>
              <Table.Summary.Cell index={2}>{percent(data.total.visitCoverage)}</Table.Summary.Cell>
              <Table.Summary.Cell index={3}>{data.total.visits}</Table.Summary.Cell>
              <Table.Summary.Cell index={4}>{data.total.problemsFound}</Table.Summary.Cell>
              <Table.Summary.Cell index={5}>{data.total.problemsResolved}</Table.Summary.Cell>
              <Table.Summary.Cell index={6}>
                {data.total.commitmentsOnTime}/{data.total.commitmentsDue}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={7}>{data.total.deeds}</Table.Summary.Cell>
              <Table.Summary.Cell index={8}>{yuan(data.total.aidFen)}</Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
        columns={[
          { title: t('name'), dataIndex: 'name', fixed: 'left' },
          {
            title: t('householdsPaired'),
            dataIndex: 'householdsPaired',
            sorter: (a, b) => a.householdsPaired - b.householdsPaired,
          },
          {
            title: t('visitCoverage'),
            dataIndex: 'visitCoverage',
            render: percent,
            sorter: (a, b) => (a.visitCoverage ?? -1) - (b.visitCoverage ?? -1),
          },
          { title: t('visits'), dataIndex: 'visits' },
          { title: t('problemsFound'), dataIndex: 'problemsFound' },
          { title: t('problemsResolved'), dataIndex: 'problemsResolved' },
          {
            title: t('commitmentsOnTime'),
            key: 'commitments',
            render: (_: unknown, r) => `${r.commitmentsOnTime}/${r.commitmentsDue}`,
          },
          { title: t('deeds'), dataIndex: 'deeds' },
          { title: t('aid'), dataIndex: 'aidFen', render: yuan },
        ]}
      />
      <ScopeDiaries />
    </>
  );
}
