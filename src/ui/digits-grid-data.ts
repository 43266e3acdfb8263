/**
 * The digits grid's pixels, without a DOM: the first layer's weights into some hidden units,
 * one 28×28 image per unit (row o of W, as the pixels lie), laid out as a near-square grid of
 * tiles one pixel apart, and coloured by a diverging map: negative weights towards one colour,
 * positive towards another, each the stronger the larger |w|, and an exact 0 in a colour of
 * its own (the background), which no nonzero weight gets: even the smallest one is at least
 * MIN_TINT of the way to its sign's colour. So L1's zeroed weights read as blank paper and L2's
 * small but nonzero ones as a faint wash. The colour saturates at |w| = `scale` (the app uses
 * the first layer's starting half-width, so the runs and the steps share one scale and nothing
 * flickers as the weights move).
 *
 * Also here: when to read the first layer back (a bounded rate; the read is 784·H·4 bytes).
 * Not here: reading the weights (digits-loop.ts), the canvas (sparsewatch-digits-grid.ts).
 */
import { IMAGE_PIXELS, IMAGE_SIDE } from '../problems/digits/asset-format.ts';

export type Rgb = readonly [number, number, number];

export interface GridColours {
  /** An exact 0 (±0), and the colour every nonzero weight is mixed from. */
  zero: Rgb;
  negative: Rgb;
  positive: Rgb;
  /** NaN: neither sign, never mistaken for 0. */
  special: Rgb;
  /** Between tiles. */
  gap: Rgb;
}

/** Pixels between two tiles. */
export const TILE_GAP = 1;
/** The least share of its sign's colour a nonzero weight gets, so it never looks like an exact 0. */
export const MIN_TINT = 0.25;
/** Units shown per run unless the user picks another number (or the layer has fewer). */
export const DEFAULT_UNITS = 64;
/** The numbers of units the grid offers. */
export const UNIT_CHOICES = [16, 64, 256] as const;
/** The first layer is read back at most this often while training… */
export const GRID_READ_MS = 500;
/** …and only after this many steps since the last read. */
export const GRID_READ_STEPS = 5;

export interface GridLayout {
  units: number;
  columns: number;
  rows: number;
  /** The canvas's size in pixels. */
  width: number;
  height: number;
}

/** A near-square grid for `units` tiles: ⌈√units⌉ columns, as many rows as needed. */
export function gridLayout(units: number): GridLayout {
  if (!Number.isSafeInteger(units) || units < 1) throw new RangeError(`grid of ${units} units: at least 1`);
  const columns = Math.ceil(Math.sqrt(units));
  const rows = Math.ceil(units / columns);
  const span = (tiles: number) => tiles * IMAGE_SIDE + (tiles - 1) * TILE_GAP;
  return { units, columns, rows, width: span(columns), height: span(rows) };
}

/** The top-left pixel of unit `u`'s tile. */
export function tileOrigin(layout: GridLayout, u: number): { x: number; y: number } {
  const stride = IMAGE_SIDE + TILE_GAP;
  return { x: (u % layout.columns) * stride, y: Math.floor(u / layout.columns) * stride };
}

/** Writes w's colour as RGBA at `out[at…at+3]`. */
export function weightColour(w: number, scale: number, colours: GridColours, out: Uint8ClampedArray, at: number): void {
  let rgb: Rgb;
  let share = 1;
  if (w === 0) {
    rgb = colours.zero;
    share = 0;
  } else if (Number.isNaN(w)) {
    rgb = colours.special;
  } else {
    rgb = w < 0 ? colours.negative : colours.positive;
    // √ so that the small weights L2 leaves stay visible beside the large ones.
    share = MIN_TINT + (1 - MIN_TINT) * Math.sqrt(Math.min(1, Math.abs(w) / scale));
  }
  const from = colours.zero;
  out[at] = from[0] + (rgb[0] - from[0]) * share;
  out[at + 1] = from[1] + (rgb[1] - from[1]) * share;
  out[at + 2] = from[2] + (rgb[2] - from[2]) * share;
  out[at + 3] = 255;
}

/**
 * The grid's RGBA pixels (`layout.width × layout.height × 4`, reused when `out` has that
 * size): tile u shows `images[u]`, pixel (row r, column c) of the tile being weight r·28 + c.
 * Tiles past the images given, and the gaps, are the gap colour.
 */
export function paintGrid(images: readonly Float32Array[], layout: GridLayout, scale: number, colours: GridColours, out?: Uint8ClampedArray): Uint8ClampedArray {
  const size = layout.width * layout.height * 4;
  const pixels = out?.length === size ? out : new Uint8ClampedArray(size);
  for (let i = 0; i < size; i += 4) {
    pixels[i] = colours.gap[0];
    pixels[i + 1] = colours.gap[1];
    pixels[i + 2] = colours.gap[2];
    pixels[i + 3] = 255;
  }
  images.slice(0, layout.units).forEach((image, u) => {
    if (image.length !== IMAGE_PIXELS) throw new RangeError(`image ${u} has ${image.length} weights, not ${IMAGE_PIXELS}`);
    const { x, y } = tileOrigin(layout, u);
    for (let r = 0; r < IMAGE_SIDE; r++) {
      for (let c = 0; c < IMAGE_SIDE; c++) weightColour(image[r * IMAGE_SIDE + c]!, scale, colours, pixels, ((y + r) * layout.width + x + c) * 4);
    }
  });
  return pixels;
}

/** The share of the shown weights that are exactly 0 (for the canvas's label). */
export function zeroShare(images: readonly Float32Array[]): number {
  let zeros = 0;
  let all = 0;
  for (const image of images) {
    for (const w of image) if (w === 0) zeros++;
    all += image.length;
  }
  return all > 0 ? zeros / all : 0;
}

/** A theme colour as CSS gives it (`#rgb`, `#rrggbb`, `rgb(r, g, b)`), or `fallback`. */
export function parseColour(text: string, fallback: Rgb): Rgb {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text.trim());
  if (hex) {
    const digits = hex[1]!.length === 3 ? [...hex[1]!].map((d) => d + d).join('') : hex[1]!;
    return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16)) as unknown as Rgb;
  }
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(text.trim());
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : fallback;
}

/** Whether to read the first layer now: none in flight, GRID_READ_STEPS steps and GRID_READ_MS since the last read. */
export function gridReadDue(now: number, step: number, last: { time: number; step: number } | null, inFlight: boolean): boolean {
  if (inFlight) return false;
  if (!last) return true;
  return step - last.step >= GRID_READ_STEPS && now - last.time >= GRID_READ_MS;
}
