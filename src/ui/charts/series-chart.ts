/**
 * A metric over steps as Chart.js sees it: line charts with only the parts they use
 * registered, following the performance guide (no animation, parsing off, points already
 * in {x, y} form and sorted by x, no point markers, arrays rewritten in place by the
 * owning element). Nothing here decides when to redraw (ChartController) or what the
 * points are (metrics-history.ts).
 */
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';
import type { Point } from '../metrics-history.ts';
import { streamingOptions } from './chart-options.ts';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

export interface SeriesLine {
  label: string;
  points: Point[];
  colour: string;
  dashed: boolean;
}

export interface SeriesAxes {
  /** y title. */
  y: string;
  /** `fraction`: 0 to 1 in percent; `value`: from 0, upper bound from the data. */
  kind: 'fraction' | 'value';
  text: string;
  grid: string;
  format: (y: number) => string;
}

export type SeriesConfig = ChartConfiguration<'line', Point[]>;

/** One line as every line chart on the page draws it: solid or dashed, markers of `pointRadius` (0: none). */
export function lineDataset<P>({ label, points, colour, dashed }: { label: string; points: P[]; colour: string; dashed: boolean }, pointRadius = 0) {
  return { label, data: points, borderColor: colour, backgroundColor: colour, borderWidth: 2, borderDash: dashed ? [6, 4] : [], pointRadius, pointHitRadius: 4 };
}

export function seriesConfig(lines: readonly SeriesLine[], axes: SeriesAxes): SeriesConfig {
  return {
    type: 'line',
    data: { datasets: lines.map((line) => lineDataset(line)) },
    options: {
      ...streamingOptions(axes.text),
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'linear',
          min: 0,
          grid: { color: axes.grid },
          title: { display: true, text: 'step', color: axes.text },
          ticks: { color: axes.text, precision: 0 },
        },
        y: {
          type: 'linear',
          min: 0,
          ...(axes.kind === 'fraction' ? { max: 1 } : {}),
          grid: { color: axes.grid },
          title: { display: true, text: axes.y, color: axes.text },
          ticks: { color: axes.text, callback: (value) => axes.format(Number(value)) },
        },
      },
      plugins: {
        legend: { labels: { color: axes.text } },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${axes.format(item.parsed.y ?? NaN)} at step ${item.parsed.x}` } },
      },
    },
  };
}
