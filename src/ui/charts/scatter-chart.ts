/**
 * The per-weight scatter as Chart.js sees it: only the parts it uses registered, no
 * animation, parsing off, points already in {x, y} form and rewritten in place by the owning
 * element (scatter-data.ts), and the diagonal y = x drawn as a two-point line. The element
 * sets both axes to ±limit before each redraw (`fitScatterAxes`), so the axes stay equal.
 */
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, ScatterController, Tooltip, type ChartConfiguration } from 'chart.js';
import type { Point } from '../metrics-history.ts';
import type { ScatterSeries } from '../scatter-data.ts';
import { streamingOptions } from './chart-options.ts';

Chart.register(ScatterController, LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

export interface ScatterColours {
  off: string;
  support: string;
  diagonal: string;
  text: string;
  grid: string;
}

export type ScatterConfig = ChartConfiguration<'scatter', Point[]>;

/** `names` are the runs on x and y, for the axis titles. */
export function scatterConfig(series: ScatterSeries, colours: ScatterColours, names: { x: string; y: string }, diagonal: Point[]): ScatterConfig {
  const axis = (title: string) => ({
    type: 'linear' as const,
    min: -series.limit,
    max: series.limit,
    grid: { color: colours.grid },
    title: { display: true, text: title, color: colours.text },
    ticks: { color: colours.text, maxTicksLimit: 7 },
  });
  return {
    type: 'scatter',
    data: {
      datasets: [
        { label: 'y = x', data: diagonal, type: 'line' as never, borderColor: colours.diagonal, borderWidth: 1, borderDash: [4, 4], pointRadius: 0 },
        { label: 'weights off the true support', data: series.off, backgroundColor: colours.off, pointRadius: 1.5, borderWidth: 0 },
        { label: 'true support', data: series.support, backgroundColor: colours.support, pointRadius: 4, borderWidth: 0 },
      ],
    },
    options: {
      ...streamingOptions(colours.text),
      scales: {
        x: axis(`w of ${names.x}`),
        y: axis(`w of ${names.y}`),
      },
      plugins: {
        legend: { labels: { color: colours.text } },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label}: (${item.parsed.x}, ${item.parsed.y})` } },
      },
    },
  };
}

/** Both axes to ±limit, and the diagonal's two points with them (before `update('none')`). */
export function fitScatterAxes(chart: Chart, limit: number, diagonal: Point[]): void {
  for (const id of ['x', 'y'] as const) {
    const scale = chart.options.scales?.[id];
    if (scale) Object.assign(scale, { min: -limit, max: limit });
  }
  diagonal[0] = { x: -limit, y: -limit };
  diagonal[1] = { x: limit, y: limit };
}
