import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import EChartsReactCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import type { TrendResponse } from '../../../../contracts/metrics';
import { pick, useLang, useT } from '../../../lib/i18n';
import { formatRate } from '../format';
import { FIGURE_LABELS, metricsMessages } from '../messages';

// Only the pieces the chart uses, so the page's chunk stays small (and ECharts stays out of the initial bundle: this
// module is reached only through lazy routes).
echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export type TrendSeries = 'response' | 'resolution' | 'satisfaction';
const SERIES: TrendSeries[] = ['response', 'resolution', 'satisfaction'];
const COLORS = ['#1677ff', '#52c41a', '#fa8c16'];

/**
 * The three rates month by month (lines, percent) over the number of requests (bars). Clicking a point opens the
 * requests behind that rate in that month.
 */
export function RateTrendChart({
  trend,
  onOpen,
  height = 300,
}: {
  trend: TrendResponse;
  onOpen?: (series: TrendSeries, month: string) => void;
  height?: number;
}) {
  const lang = useLang();
  const t = useT(metricsMessages);
  const option = useMemo(() => {
    const months = trend.months.map((m) => m.month);
    const percent = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
    return {
      color: COLORS,
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : String(v)),
      },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: months },
      yAxis: [
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        { type: 'value', minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        ...SERIES.map((key) => ({
          id: key,
          name: pick(lang, FIGURE_LABELS[key]),
          type: 'line',
          smooth: true,
          connectNulls: false,
          symbolSize: 8,
          data: trend.months.map((m) => percent(m.figures.rates[key])),
          tooltip: { valueFormatter: (v: number | null) => formatRate(v === null ? null : v / 100) },
        })),
        {
          id: 'requests',
          name: t('requestsCount'),
          type: 'bar',
          yAxisIndex: 1,
          barMaxWidth: 24,
          itemStyle: { color: 'rgba(140,140,140,0.25)' },
          data: trend.months.map((m) => m.figures.requests),
        },
      ],
    };
  }, [trend, lang, t]);

  const onEvents = useMemo(
    () => ({
      click: (params: { seriesId?: string; name?: string }) => {
        const series = params.seriesId as TrendSeries | undefined;
        if (onOpen && series && SERIES.includes(series) && params.name) onOpen(series, params.name);
      },
    }),
    [onOpen],
  );

  return (
    <EChartsReactCore
      echarts={echarts}
      option={option}
      notMerge
      onEvents={onEvents}
      style={{ height, width: '100%' }}
      opts={{ renderer: 'canvas' }}
      data-testid="rate-trend-chart"
    />
  );
}
