/**
 * The histogram as Chart.js sees it: which Chart.js parts are registered (only these; no
 * chart.js/auto) and the configuration, following Chart.js's performance guide: no
 * animation, parsing off (bars arrive as {x: category index, y: fraction}), fixed y scale,
 * data arrays owned by a `HistogramSeries` and rewritten in place. Nothing here decides
 * when to redraw (ChartController) or what the bars are (histogram-data.ts).
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import { describeCategory, showsTick, type Bar, type HistogramSeries } from '../histogram-data.ts';
import { formatCount, formatFraction } from '../snapshot-summary.ts';
import { streamingOptions } from './chart-options.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface HistogramColours {
  negative: string;
  positive: string;
  special: string;
  text: string;
  grid: string;
}

export type HistogramConfig = ChartConfiguration<'bar', Bar[], string>;

export function histogramConfig(series: HistogramSeries, colours: HistogramColours): HistogramConfig {
  const dataset = (label: string, data: Bar[], colour: string) => ({ label, data, backgroundColor: colour, borderWidth: 0 });
  const datasets = [
    dataset('negative w', series.negative, colours.negative),
    dataset('positive w', series.positive, colours.positive),
    dataset('0, subnormal, ±∞, NaN', series.special, colours.special),
  ];
  return {
    type: 'bar',
    data: { labels: series.labels, datasets },
    options: {
      ...streamingOptions(colours.text),
      // Each dataset has bars only in its own categories: draw each bar full width, not side by side.
      datasets: { bar: { grouped: false, categoryPercentage: 1, barPercentage: 0.85 } },
      scales: {
        x: {
          type: 'category',
          grid: { display: false },
          title: { display: true, text: 'log₂|w| bin: negative weights mirrored left of zero', color: colours.text },
          ticks: {
            color: colours.text,
            autoSkip: false,
            maxRotation: 90,
            minRotation: 60,
            callback: (_value, index) => (showsTick(series.categories[index], series.window) ? series.labels[index] : ''),
          },
        },
        y: {
          type: 'linear',
          min: 0,
          max: 1,
          grid: { color: colours.grid },
          title: { display: true, text: 'fraction of weights', color: colours.text },
          ticks: { color: colours.text, callback: (value) => `${Math.round(Number(value) * 100)}%` },
        },
      },
      plugins: {
        legend: { labels: { color: colours.text } },
        tooltip: {
          callbacks: {
            title: (items) => {
              const category = series.categories[items[0]?.parsed.x ?? -1];
              return category ? describeCategory(category) : '';
            },
            label: (item) => `${item.dataset.label}: ${formatCount(series.counts[item.parsed.x ?? -1] ?? 0)} weights (${formatFraction(item.parsed.y ?? 0)})`,
          },
        },
      },
    },
  };
}
