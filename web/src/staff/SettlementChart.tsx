/**
 * The points distribution of a settlement round as an ECharts bar chart: applicants per 10-point
 * band (admitted stacked on the rest), the score line marked. Loaded on its own (the round page
 * imports it lazily), so echarts reaches the browser only when statistics are opened.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { RoundStatistics } from './settlement-api.ts';

echarts.use([BarChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export interface ChartWords {
  admitted: string;
  others: string;
  line: string;
  points: string;
  people: string;
}

export default function PointsChart({ stats, words }: { stats: RoundStatistics; words: ChartWords }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (el.current === null) return;
    const chart = echarts.init(el.current);
    const labels = stats.bands.map((b) => `${b.from}–${b.from + 9}`);
    const line = stats.line?.total ?? null;
    const lineBand = line === null ? null : `${Math.floor(line / 1000) * 10}–${Math.floor(line / 1000) * 10 + 9}`;
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { data: [words.admitted, words.others] },
      grid: { left: 40, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: labels, name: words.points },
      yAxis: { type: 'value', name: words.people, minInterval: 1 },
      series: [
        {
          name: words.admitted,
          type: 'bar',
          stack: 'all',
          data: stats.bands.map((b) => b.admitted),
          itemStyle: { color: '#1f5fa8' },
          ...(lineBand !== null && labels.includes(lineBand)
            ? { markLine: { symbol: 'none', lineStyle: { color: '#c0392b', type: 'dashed' }, label: { formatter: `${words.line} ${line! / 100}` }, data: [{ xAxis: lineBand }] } }
            : {}),
        },
        { name: words.others, type: 'bar', stack: 'all', data: stats.bands.map((b) => b.count - b.admitted), itemStyle: { color: '#a9b8c9' } },
      ],
    });
    const resize = (): void => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [stats, words]);
  return <div ref={el} className="points-chart" data-testid="points-chart" role="img" aria-label={words.points} style={{ width: '100%', height: 320 }} />;
}
