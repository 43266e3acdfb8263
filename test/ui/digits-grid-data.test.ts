/**
 * The digits grid's pixels without a DOM: the layout of tiles, which weight lands on which
 * pixel (row-major 28×28, as the images lie), the diverging colour map (an exact 0 is the
 * background and no nonzero weight is, sign picks the colour, |w| its strength, saturating at
 * the scale), theme colours parsed, and the pacing of first-layer reads.
 */
import { describe, expect, test } from 'vitest';
import {
  GRID_READ_MS,
  GRID_READ_STEPS,
  gridLayout,
  gridReadDue,
  MIN_TINT,
  paintGrid,
  parseColour,
  tileOrigin,
  weightColour,
  zeroShare,
  type GridColours,
} from '../../src/ui/digits-grid-data.ts';

const COLOURS: GridColours = { zero: [255, 255, 255], negative: [200, 80, 40], positive: [40, 100, 200], special: [120, 80, 180], gap: [10, 20, 30] };

function colourOf(w: number, scale = 0.1, colours = COLOURS): number[] {
  const out = new Uint8ClampedArray(4);
  weightColour(w, scale, colours, out, 0);
  return [...out];
}

/** How far a colour is from the zero colour, per channel, at most. */
const distanceFromZero = (rgba: number[]) => Math.max(...rgba.slice(0, 3).map((c, i) => Math.abs(c - COLOURS.zero[i]!)));

describe('ui: digits grid data', () => {
  test('layout: a near-square grid of 28-pixel tiles one pixel apart', () => {
    expect(gridLayout(1)).toEqual({ units: 1, columns: 1, rows: 1, width: 28, height: 28 });
    expect(gridLayout(32)).toEqual({ units: 32, columns: 6, rows: 6, width: 6 * 28 + 5, height: 6 * 28 + 5 });
    expect(gridLayout(64)).toMatchObject({ columns: 8, rows: 8, width: 8 * 29 - 1 });
    expect(gridLayout(10)).toMatchObject({ columns: 4, rows: 3 });
    expect(tileOrigin(gridLayout(10), 0)).toEqual({ x: 0, y: 0 });
    expect(tileOrigin(gridLayout(10), 5)).toEqual({ x: 29, y: 29 });
    expect(() => gridLayout(0)).toThrow(RangeError);
  });

  test('colour map: ±0 is the background, the smallest nonzero weight is not, sign picks the colour, |w| saturates at the scale', () => {
    expect(colourOf(0)).toEqual([255, 255, 255, 255]);
    expect(colourOf(-0)).toEqual([255, 255, 255, 255]);
    // The smallest positive f32 is at least MIN_TINT of the way to its colour.
    const tiny = colourOf(1.4e-45);
    expect(distanceFromZero(tiny)).toBeGreaterThanOrEqual(Math.floor(MIN_TINT * (255 - 40)));
    expect(colourOf(0.1)).toEqual([40, 100, 200, 255]);
    expect(colourOf(5)).toEqual([40, 100, 200, 255]);
    expect(colourOf(-0.1)).toEqual([200, 80, 40, 255]);
    expect(colourOf(Number.NaN)).toEqual([120, 80, 180, 255]);
    // Stronger with |w|, on either side.
    const strength = [0.001, 0.01, 0.05, 0.1].map((w) => distanceFromZero(colourOf(w)));
    expect(strength).toEqual([...strength].sort((a, b) => a - b));
    expect(new Set(strength).size).toBe(4);
    expect(distanceFromZero(colourOf(-0.01))).toBeGreaterThan(distanceFromZero(colourOf(-0.001)));
  });

  test('a dark theme: zero is its background, and nonzero weights still stand apart from it', () => {
    const dark: GridColours = { ...COLOURS, zero: [13, 17, 23], positive: [108, 182, 255] };
    expect(colourOf(0, 0.1, dark)).toEqual([13, 17, 23, 255]);
    expect(colourOf(1e-30, 0.1, dark)[2]).toBeGreaterThan(23 + 50);
  });

  test('weights land where the pixels lie: tile u, row r, column c shows image u at r·28 + c; gaps and empty tiles are the gap colour', () => {
    const layout = gridLayout(10); // 4 columns, 3 rows, two empty tiles
    const images = Array.from({ length: 10 }, () => new Float32Array(784));
    images[5]![3 * 28 + 17] = 0.1; // tile 5: column 1, row 1
    images[0]![0] = -0.1;
    const pixels = paintGrid(images, layout, 0.1, COLOURS);
    expect(pixels.length).toBe(layout.width * layout.height * 4);
    const at = (x: number, y: number) => [...pixels.subarray((y * layout.width + x) * 4, (y * layout.width + x) * 4 + 4)];
    expect(at(29 + 17, 29 + 3)).toEqual([40, 100, 200, 255]);
    expect(at(29 + 3, 29 + 17)).toEqual([255, 255, 255, 255]); // the transpose is a zero
    expect(at(0, 0)).toEqual([200, 80, 40, 255]);
    expect(at(28, 0)).toEqual([10, 20, 30, 255]); // the gap after tile 0
    expect(at(3 * 29 + 5, 2 * 29 + 5)).toEqual([10, 20, 30, 255]); // tile 11 has no image
    let coloured = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] !== 255 && pixels[i] !== 10) coloured++;
    expect(coloured).toBe(2);
    // The buffer is reused when its size fits.
    expect(paintGrid(images, layout, 0.1, COLOURS, pixels)).toBe(pixels);
    expect(() => paintGrid([new Float32Array(100)], gridLayout(1), 0.1, COLOURS)).toThrow(/784/);
  });

  test('the share of exact zeros shown, for the canvas label', () => {
    expect(zeroShare([Float32Array.of(0, 1, -0, 2), Float32Array.of(0, 0, 0, 3)])).toBe(5 / 8);
    expect(zeroShare([])).toBe(0);
  });

  test('theme colours as CSS writes them', () => {
    expect(parseColour('#0d1117', [0, 0, 0])).toEqual([13, 17, 23]);
    expect(parseColour(' #fff ', [0, 0, 0])).toEqual([255, 255, 255]);
    expect(parseColour('rgb(1, 2, 3)', [0, 0, 0])).toEqual([1, 2, 3]);
    expect(parseColour('rgba(4 5 6 / 50%)', [0, 0, 0])).toEqual([4, 5, 6]);
    expect(parseColour('', [9, 9, 9])).toEqual([9, 9, 9]);
    expect(parseColour('color-mix(in srgb, red, blue)', [9, 9, 9])).toEqual([9, 9, 9]);
  });

  test('first-layer reads: the first at once, then only after enough steps and time, never two at a time', () => {
    expect(gridReadDue(0, 0, null, false)).toBe(true);
    expect(gridReadDue(0, 0, null, true)).toBe(false);
    const last = { time: 1000, step: 10 };
    expect(gridReadDue(1000 + GRID_READ_MS, 10 + GRID_READ_STEPS, last, false)).toBe(true);
    expect(gridReadDue(1000 + GRID_READ_MS - 1, 10 + 1000, last, false)).toBe(false);
    expect(gridReadDue(1000 + 60_000, 10 + GRID_READ_STEPS - 1, last, false)).toBe(false);
    expect(gridReadDue(1000 + 60_000, 10 + 1000, last, true)).toBe(false);
  });
});
