/**
 * A walkthrough figure as Chart.js sees it: a few lines of {x, y} points over any x (steps,
 * |w|, a gradient) with y free to go negative (a weight that overshoots or chatters). Short
 * lines show their points, since each point is a step. Only the parts used are registered;
 * the shared options follow the performance guide. Nothing here computes the points
 * (src/ui/explain/caveat-figures.ts) or decides when to redraw (ChartController).
 */
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';
import { streamingOptions } from './chart-options.ts';
import { lineDataset } from './series-chart.ts';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

export interface FigureChartLine {
  label: string;
  points: { x: number; y: number }[];
  /** A CSS colour (resolved from the theme by the element). */
  colour: string;
  dashed: boolean;
}

export interface FigureChartAxes {
  x: string;
  y: string;
  text: string;
  grid: string;
}

export type FigureChartConfig = ChartConfiguration<'line', { x: number; y: number }[]>;

/** Lines with at most this many points are drawn with a marker at each point. */
const MARKED_POINTS = 60;

export function figureConfig(lines: readonly FigureChartLine[], axes: FigureChartAxes): FigureChartConfig {
  const axis = (title: string) => ({
    type: 'linear' as const,
    grid: { color: axes.grid },
    title: { display: true, text: title, color: axes.text },
    ticks: { color: axes.text },
  });
  return {
    type: 'line',
    data: { datasets: lines.map((line) => lineDataset(line, line.points.length <= MARKED_POINTS ? 2.5 : 0)) },
    options: {
      ...streamingOptions(axes.text),
      interaction: { mode: 'nearest', intersect: false },
      scales: { x: axis(axes.x), y: axis(axes.y) },
      plugins: { legend: { labels: { color: axes.text } } },
    },
  };
}
