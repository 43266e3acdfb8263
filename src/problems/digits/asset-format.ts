/**
 * The digits asset's byte format, both ways: `encodeDigits` (used once, by make-asset.ts) and
 * `decodeDigits` (every load, in Node and in a page), which checks everything before it
 * trusts anything. Not here: where the bytes come from (load-node.ts, load-browser.ts) or the
 * train/held-out split (dataset.ts).
 *
 * Layout, little-endian:
 *   0   8 bytes  magic, the ASCII text "SWDIGITS"
 *   8   u32      version, 1
 *   12  u32      count, the number of digits
 *   16  u32      rows, 28
 *   20  u32      cols, 28
 *   24  u32      payloadBytes: the gzip stream that follows, to the end of the file
 *   28  payload  gzip (RFC 1952) of count labels (u8, 0–9) then count·rows·cols pixels
 *                (u8, 0–255, row by row, digit after digit)
 * gzip carries a CRC-32 of what it holds, so a damaged file is refused rather than
 * trained on; it shrinks the 7.85 MB of bytes to about 1.6 MB (MNIST is mostly blank).
 * Decompression uses the platform's DecompressionStream (every current browser, Node ≥ 18)
 * and stops as soon as the output passes the size the header promises.
 */
import { ConfigError } from '../../engine/config-error.ts';

export const DIGITS_MAGIC = 'SWDIGITS';
export const DIGITS_VERSION = 1;
export const DIGITS_HEADER_BYTES = 28;
/** The network reads 28×28 images. */
export const IMAGE_SIDE = 28;
export const IMAGE_PIXELS = IMAGE_SIDE * IMAGE_SIDE;
export const CLASSES = 10;
/** Enough for all 70,000 MNIST digits many times over; keeps a bad header from asking for gigabytes. */
export const MAX_DIGITS = 1_000_000;

/** Digits as bytes: labels[s] in 0–9, pixels[s·784 + 28·row + col] in 0–255. */
export interface DigitImages {
  count: number;
  labels: Uint8Array;
  pixels: Uint8Array;
}

const FIELD = 'digits file';
const MADE_BY = 'made by `npm run digits:asset`';

/** The asset's bytes for these digits (gzip-compressed by `compress`, e.g. node:zlib at level 9). */
export function encodeDigits(images: DigitImages, compress: (raw: Uint8Array) => Uint8Array): Uint8Array {
  const { count, labels, pixels } = images;
  if (labels.length !== count || pixels.length !== count * IMAGE_PIXELS) {
    throw new RangeError(`${count} digits need ${count} labels and ${count * IMAGE_PIXELS} pixels, got ${labels.length} and ${pixels.length}`);
  }
  const raw = new Uint8Array(count * (1 + IMAGE_PIXELS));
  raw.set(labels, 0);
  raw.set(pixels, count);
  const payload = compress(raw);
  const out = new Uint8Array(DIGITS_HEADER_BYTES + payload.length);
  out.set(new TextEncoder().encode(DIGITS_MAGIC), 0);
  const view = new DataView(out.buffer);
  [DIGITS_VERSION, count, IMAGE_SIDE, IMAGE_SIDE, payload.length].forEach((value, i) => view.setUint32(8 + 4 * i, value, true));
  out.set(payload, DIGITS_HEADER_BYTES);
  return out;
}

/** The digits in an asset file; throws `ConfigError` naming what is wrong with it. */
export async function decodeDigits(bytes: Uint8Array): Promise<DigitImages> {
  if (!(bytes instanceof Uint8Array)) throw new ConfigError(FIELD, Object.prototype.toString.call(bytes), 'the bytes of the file, as a Uint8Array');
  if (bytes.length < DIGITS_HEADER_BYTES) {
    throw new ConfigError(FIELD, `${bytes.length} bytes`, `at least the ${DIGITS_HEADER_BYTES}-byte header of a sparsewatch digits file (${MADE_BY})`);
  }
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (magic !== DIGITS_MAGIC) throw new ConfigError(`${FIELD} magic`, magic, `"${DIGITS_MAGIC}": a sparsewatch digits file (${MADE_BY})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, DIGITS_HEADER_BYTES);
  const [version, count, rows, cols, payloadBytes] = [8, 12, 16, 20, 24].map((at) => view.getUint32(at, true)) as [number, number, number, number, number];
  if (version !== DIGITS_VERSION) throw new ConfigError(`${FIELD} version`, version, `${DIGITS_VERSION} (remake the file with \`npm run digits:asset\`)`);
  if (count < 1 || count > MAX_DIGITS) throw new ConfigError(`${FIELD} count`, count, `a whole number from 1 to ${MAX_DIGITS.toLocaleString('en-US')}`);
  if (rows !== IMAGE_SIDE) throw new ConfigError(`${FIELD} rows`, rows, `${IMAGE_SIDE} (the network reads 28×28 images)`);
  if (cols !== IMAGE_SIDE) throw new ConfigError(`${FIELD} cols`, cols, `${IMAGE_SIDE} (the network reads 28×28 images)`);
  const rest = bytes.length - DIGITS_HEADER_BYTES;
  if (payloadBytes !== rest) throw new ConfigError(`${FIELD} payloadBytes`, payloadBytes, `${rest}, the bytes after the header (is the file truncated?)`);
  const expected = count * (1 + IMAGE_PIXELS);
  const raw = await gunzip(bytes.subarray(DIGITS_HEADER_BYTES), expected);
  const labels = raw.slice(0, count);
  const bad = labels.findIndex((label) => label >= CLASSES);
  if (bad >= 0) throw new ConfigError(`${FIELD} labels[${bad}]`, labels[bad], 'a digit from 0 to 9');
  return { count, labels, pixels: raw.slice(count) };
}

/** Exactly `expected` bytes out of a gzip stream, or a ConfigError; never more than that is held. */
async function gunzip(payload: Uint8Array, expected: number): Promise<Uint8Array> {
  const out = new Uint8Array(expected);
  let length = 0;
  const allowed = `a gzip stream of exactly ${expected.toLocaleString('en-US')} bytes (count × (1 + ${IMAGE_PIXELS}))`;
  try {
    const stream = new Blob([payload as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (length + value.length > expected) {
        await reader.cancel();
        throw new ConfigError(`${FIELD} payload`, `more than ${expected.toLocaleString('en-US')} bytes once unpacked`, allowed);
      }
      out.set(value, length);
      length += value.length;
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${FIELD} payload`, `a damaged gzip stream (${(error as Error).message})`, allowed);
  }
  if (length !== expected) throw new ConfigError(`${FIELD} payload`, `${length.toLocaleString('en-US')} bytes once unpacked`, allowed);
  return out;
}
