/**
 * Drawing the histogram-over-time grid (heatmap-data.ts) on a 2D canvas, without Chart.js:
 * the grid is a few hundred by a few dozen cells, written as one ImageData (a pixel a cell)
 * and scaled up without smoothing, so a frame costs one small putImageData and one
 * drawImage whatever the run length. A left margin carries the row labels (0, and ±2^k at
 * the window's edges) and a line marks the column the scrubber points at.
 *
 * Not here: which snapshots are held (SnapshotRing), when to draw (the element).
 */
import { categoryLabel } from '../histogram-data.ts';
import type { HeatmapGrid } from '../heatmap-data.ts';

export interface HeatmapColours {
  /** Empty cells and the margin. */
  background: string;
  /** A cell holding every weight; fainter cells are mixed towards the background. */
  full: string;
  text: string;
  marker: string;
}

const MARGIN = 44;

/** One off-screen canvas of cells per heatmap canvas, and its pixels, reused frame after frame. */
const cellCanvases = new WeakMap<HTMLCanvasElement, HTMLCanvasElement>();
const cellImages = new WeakMap<HTMLCanvasElement, ImageData>();
/** The RGB of each set of colours (reading a colour back from a canvas is not free), until the scheme changes them. */
const rgbs = new WeakMap<HeatmapColours, { background: [number, number, number]; full: [number, number, number] }>();

/** [r, g, b] of a CSS colour, through a 1×1 canvas (any syntax the browser accepts). */
function rgbOf(colour: string, scratch: CanvasRenderingContext2D): [number, number, number] {
  scratch.clearRect(0, 0, 1, 1);
  scratch.fillStyle = colour;
  scratch.fillRect(0, 0, 1, 1);
  const [r, g, b] = scratch.getImageData(0, 0, 1, 1).data;
  return [r!, g!, b!];
}

/** The canvas's backing store at its CSS size × devicePixelRatio, so text stays sharp. */
function fitBackingStore(canvas: HTMLCanvasElement): void {
  const ratio = globalThis.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
}

/** Draws `grid`; `marker` is the column to mark (the scrubbed snapshot), or null. */
export function drawHeatmap(canvas: HTMLCanvasElement, grid: HeatmapGrid, colours: HeatmapColours, marker: number | null): void {
  fitBackingStore(canvas);
  const context = canvas.getContext('2d');
  if (!context) return;
  const ratio = globalThis.devicePixelRatio || 1;
  const { columns, rows, values } = grid;

  const cells = cellCanvases.get(canvas) ?? document.createElement('canvas');
  cellCanvases.set(canvas, cells);
  if (cells.width !== columns) cells.width = columns;
  if (cells.height !== rows.length) cells.height = rows.length;
  const cellContext = cells.getContext('2d', { willReadFrequently: true });
  if (!cellContext) return;
  const rgb = rgbs.get(colours) ?? { background: rgbOf(colours.background, cellContext), full: rgbOf(colours.full, cellContext) };
  rgbs.set(colours, rgb);
  const [br, bg, bb] = rgb.background;
  const [fr, fg, fb] = rgb.full;
  let image = cellImages.get(canvas);
  if (!image || image.width !== columns || image.height !== rows.length) {
    image = cellContext.createImageData(columns, rows.length);
    cellImages.set(canvas, image);
  }
  for (let i = 0; i < values.length; i++) {
    const t = values[i]!;
    // A non-empty cell is at least a quarter of the way to full, so single weights show.
    const mix = t > 0 ? 0.25 + 0.75 * t : 0;
    image.data[4 * i] = br + (fr - br) * mix;
    image.data[4 * i + 1] = bg + (fg - bg) * mix;
    image.data[4 * i + 2] = bb + (fb - bb) * mix;
    image.data[4 * i + 3] = 255;
  }
  cellContext.putImageData(image, 0, 0);

  const margin = MARGIN * ratio;
  const plotWidth = Math.max(1, canvas.width - margin);
  const rowHeight = canvas.height / rows.length;
  context.fillStyle = colours.background;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.imageSmoothingEnabled = false;
  context.drawImage(cells, margin, 0, plotWidth, canvas.height);

  context.fillStyle = colours.text;
  context.font = `${11 * ratio}px system-ui, sans-serif`;
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  // Rows are a few pixels high: label only zero and the largest |w| on each side.
  rows.forEach((category, r) => {
    const edge = category.kind === 'normal' && (r === 2 || r === rows.length - 3);
    if (category.kind === 'zero' || edge) context.fillText(categoryLabel(category), margin - 4 * ratio, (r + 0.5) * rowHeight);
  });

  if (marker !== null) {
    const x = margin + ((marker + 0.5) * plotWidth) / columns;
    context.strokeStyle = colours.marker;
    context.lineWidth = 2 * ratio;
    context.beginPath();
    context.moveTo(x, 0);
    context.lineTo(x, canvas.height);
    context.stroke();
  }
}
