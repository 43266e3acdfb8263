/**
 * The digits as the network sees them: the images of the asset, split once and for all into
 * a training set and a held-out set, and the input value of a pixel.
 *
 * The split: digit s (in the file's order, class by class) is held out when s mod 5 = 4, so
 * the 10,000 digits give 8,000 for training and 2,000 held out, and since each class is one
 * contiguous run of the file, every class is held out in its proportion to within one digit.
 * It depends on nothing else (not the seed, not the run), so every run and every seed is
 * scored on the same 2,000 digits.
 *
 * Input x = f32(p · f32(1/255)) for pixel byte p: one f32 multiply, exact to the bit on both
 * engines (the WGSL does the same multiply; p · f32(1/255) is exact in f64, so rounding it
 * once is the f32 product).
 *
 * Not here: decoding the file (asset-format.ts), the order of minibatches (the run's
 * SampleOrder).
 */
import type { DigitImages } from './asset-format.ts';

/** Every HELD_OUT_EVERY-th digit is held out. */
export const HELD_OUT_EVERY = 5;
/** f32(1/255): pixel byte to input value. */
export const INPUT_SCALE = Math.fround(1 / 255);

/** The input value of pixel byte p. */
export function inputValue(p: number): number {
  return Math.fround(p * INPUT_SCALE);
}

export class DigitsData {
  readonly images: DigitImages;
  /** Indices of the training digits, ascending. */
  readonly train: Uint32Array;
  /** Indices of the held-out digits, ascending. */
  readonly heldOut: Uint32Array;

  private constructor(images: DigitImages) {
    this.images = images;
    const all = Array.from({ length: images.count }, (_, s) => s);
    this.train = Uint32Array.from(all.filter((s) => s % HELD_OUT_EVERY !== HELD_OUT_EVERY - 1));
    this.heldOut = Uint32Array.from(all.filter((s) => s % HELD_OUT_EVERY === HELD_OUT_EVERY - 1));
  }

  static from(images: DigitImages): DigitsData {
    return new DigitsData(images);
  }

  get count(): number {
    return this.images.count;
  }
}
