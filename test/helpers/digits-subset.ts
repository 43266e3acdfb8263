/**
 * Every n-th digit of the asset as a data set of its own (every 25th: 320 to train on, 80
 * held out, all ten classes), so a digits test costs little. Test code only.
 */
import { IMAGE_PIXELS } from '../../src/problems/digits/asset-format.ts';
import { DigitsData } from '../../src/problems/digits/dataset.ts';

export function digitsSubset(all: DigitsData, every: number): DigitsData {
  const picked = Array.from({ length: Math.floor(all.count / every) }, (_, i) => i * every);
  const pixels = new Uint8Array(picked.length * IMAGE_PIXELS);
  picked.forEach((s, i) => pixels.set(all.images.pixels.subarray(s * IMAGE_PIXELS, (s + 1) * IMAGE_PIXELS), i * IMAGE_PIXELS));
  return DigitsData.from({ count: picked.length, labels: Uint8Array.from(picked, (s) => all.images.labels[s]!), pixels });
}
