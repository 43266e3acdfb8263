/**
 * NumPy's .npy format (versions 1.0, 2.0 and 3.0) for float arrays: `readNpy` takes a
 * little-endian float32 or float64 array in C order with one or two dimensions and gives it
 * back as f32; `writeNpy` writes f32 exactly as `np.save` does. Not a general .npy reader:
 * no other dtypes, no Fortran order, no pickles, no .npz archives.
 *
 * The layout (numpy/lib/format.py): the magic "\x93NUMPY", a major and minor version byte,
 * the header length (u16 in 1.0, u32 in 2.0 and 3.0, little-endian), then the header, a
 * Python dict literal such as `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }`
 * padded with spaces and a final "\n" so the data starts at a multiple of 64 bytes.
 */
import { ConfigError } from '../engine/config-error.ts';
import { asBytes, checkShapeFor, decodeFloats, writeF32, type BytesInput } from './binary.ts';

export type NpyDtype = '<f4' | '<f8';

export interface NpyArray {
  /** The dtype in the file; `data` is f32 either way. */
  readonly dtype: NpyDtype;
  readonly shape: number[];
  readonly data: Float32Array;
}

export interface NpyReadOptions {
  /** Prefix of every error's field, e.g. the file's name; default 'npy'. */
  readonly label?: string;
  /** Refuse arrays with more elements, before anything is allocated. */
  readonly maxValues?: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const PREFIX_BYTES = { 1: 10, 2: 12, 3: 12 } as const; // magic, version, header length
/** NumPy's own refusal threshold (`max_header_size` in np.load); ours hold ~100 bytes. */
export const NPY_MAX_HEADER_BYTES = 10_000;
const ALIGN = 64;
/** np.save leaves room for the first axis to grow to 21 digits without rewriting the file. */
const GROWTH_AXIS_MAX_DIGITS = 21;
const ITEM_BYTES: Record<NpyDtype, 4 | 8> = { '<f4': 4, '<f8': 8 };
const DTYPES_ALLOWED = "'<f4' or '<f8' (little-endian float32 or float64; convert with a.astype('<f4'))";

/** Reads a .npy file; throws `ConfigError` naming `npy.header`, `npy.dtype`, `npy.shape`, … */
export function readNpy(input: BytesInput, options: NpyReadOptions = {}): NpyArray {
  const label = options.label ?? 'npy';
  const bytes = asBytes(input, label);
  if (MAGIC.some((byte, i) => bytes[i] !== byte)) {
    const start = Array.from(bytes.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new ConfigError(`${label}.magic`, start, 'a .npy file, starting with the bytes 93 4e 55 4d 50 59 ("\\x93NUMPY")');
  }
  const major = bytes[6] ?? 0;
  const minor = bytes[7] ?? 0;
  if (bytes.length >= 8 && ((major !== 1 && major !== 2 && major !== 3) || minor !== 0)) {
    throw new ConfigError(`${label}.version`, `${major}.${minor}`, '1.0, 2.0 or 3.0');
  }
  const prefix = PREFIX_BYTES[major as 1 | 2 | 3] ?? PREFIX_BYTES[1];
  if (bytes.length < prefix) {
    throw new ConfigError(`${label}.byteLength`, bytes.length, `at least ${prefix} (magic, version and header length)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerBytes = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerBytes > NPY_MAX_HEADER_BYTES || prefix + headerBytes > bytes.length) {
    throw new ConfigError(
      `${label}.header`,
      headerBytes,
      `a header length of at most ${Math.min(NPY_MAX_HEADER_BYTES, bytes.length - prefix)} bytes ` +
        `(NumPy's limit is ${NPY_MAX_HEADER_BYTES}; this file has ${bytes.length} bytes)`,
    );
  }
  const header = decodeHeader(bytes.subarray(prefix, prefix + headerBytes), major, label);
  const { dtype, shape } = checkHeader(parseHeader(header, label), label);

  const values = shape.reduce((a, b) => a * b, 1);
  if (options.maxValues !== undefined && values > options.maxValues) {
    throw new ConfigError(`${label}.shape`, shape, `at most ${options.maxValues.toLocaleString('en-US')} values in all`);
  }
  const dataOffset = prefix + headerBytes;
  const expected = values * ITEM_BYTES[dtype];
  if (bytes.length - dataOffset !== expected) {
    throw new ConfigError(
      `${label}.data.byteLength`,
      bytes.length - dataOffset,
      `${expected} (shape ${pythonShape(shape)} × ${ITEM_BYTES[dtype]} bytes per ${dtype} value; the file is truncated or has extra bytes)`,
    );
  }
  const data = decodeFloats(bytes, dataOffset, values, ITEM_BYTES[dtype], { field: `${label}.data`, shape, finite: true });
  return { dtype, shape, data };
}

/** A .npy version 1.0 file (2.0 if the header outgrows a u16), byte for byte what np.save writes for float32. */
export function writeNpy(data: Float32Array, shape: readonly number[]): Uint8Array {
  checkShapeFor(data, shape, 'npy.shape');
  let dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${pythonShape(shape)}, }`;
  if (shape.length > 0) dict += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));
  const wrap = (prefix: number): string => `${dict}${' '.repeat(ALIGN - ((prefix + dict.length + 1) % ALIGN))}\n`;
  // Like np.save: version 1.0 unless the header outgrows its u16 length field.
  const major = wrap(PREFIX_BYTES[1]).length > 0xffff ? 2 : 1;
  const prefix = PREFIX_BYTES[major];
  const header = wrap(prefix);
  const out = new Uint8Array(prefix + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = major;
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  writeF32(out, prefix + header.length, data);
  return out;
}

function pythonShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function decodeHeader(bytes: Uint8Array, major: number, label: string): string {
  // 1.0 and 2.0 headers are latin-1, 3.0 headers UTF-8 (for structured field names).
  if (major !== 3) return String.fromCharCode(...bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ConfigError(`${label}.header`, 'bytes that are not UTF-8', 'a UTF-8 header (version 3.0)');
  }
}

// ---- The header: a Python literal, read by a tiny parser instead of a regular expression
// so that key order, spacing and trailing commas may vary the way Python's allow.

type Literal = string | boolean | number | Literal[] | Map<string, Literal>;

const HEADER_ALLOWED = "a Python dict such as {'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }";

function parseHeader(text: string, label: string): Map<string, Literal> {
  const tokens = text.trim().match(/'[^'\\]*'|"[^"\\]*"|[{}()[\]:,]|[A-Za-z_]\w*|\d+|\S/g) ?? [];
  let at = 0;
  const bad = (): never => {
    throw new ConfigError(`${label}.header`, text.trim().slice(0, 200), HEADER_ALLOWED);
  };
  const next = (): string => tokens[at++] ?? bad();
  const sequence = (close: string, item: () => void): void => {
    while (tokens[at] !== close) {
      item();
      if (tokens[at] === ',') at++;
      else if (tokens[at] !== close) bad();
    }
    at++;
  };
  const value = (): Literal => {
    const token = next();
    if (token === '{') {
      const map = new Map<string, Literal>();
      sequence('}', () => {
        const key = value();
        if (typeof key !== 'string' || map.has(key) || next() !== ':') bad();
        map.set(key as string, value());
      });
      return map;
    }
    if (token === '(' || token === '[') {
      const items: Literal[] = [];
      sequence(token === '(' ? ')' : ']', () => items.push(value()));
      return items;
    }
    if (token === 'True' || token === 'False') return token === 'True';
    if (/^\d+$/.test(token)) return Number(token);
    if (/^['"]/.test(token)) return token.slice(1, -1);
    return bad();
  };
  const dict = value();
  if (!(dict instanceof Map) || at !== tokens.length) bad();
  return dict as Map<string, Literal>;
}

function checkHeader(dict: Map<string, Literal>, label: string): { dtype: NpyDtype; shape: number[] } {
  const keys = [...dict.keys()].sort();
  if (keys.join() !== 'descr,fortran_order,shape') {
    throw new ConfigError(`${label}.header`, keys, "exactly the keys 'descr', 'fortran_order' and 'shape'");
  }
  const descr = dict.get('descr');
  if (descr !== '<f4' && descr !== '<f8') {
    const shown = typeof descr === 'string' ? descr : 'a structured dtype';
    const endian = typeof descr === 'string' && descr.startsWith('>') ? ' (this one is big-endian)' : '';
    throw new ConfigError(`${label}.dtype`, shown, DTYPES_ALLOWED + endian);
  }
  const order = dict.get('fortran_order');
  if (order !== false) {
    throw new ConfigError(`${label}.fortran_order`, order === true ? 'True' : String(order), "False (C order; save np.ascontiguousarray(a))");
  }
  const shape = dict.get('shape');
  const dims = Array.isArray(shape) && shape.every((n): n is number => typeof n === 'number' && Number.isSafeInteger(n)) ? shape : null;
  if (dims === null || dims.length < 1 || dims.length > 2) {
    throw new ConfigError(`${label}.shape`, Array.isArray(shape) ? shape : String(shape), '1 or 2 dimensions: (n,) or (n, d)');
  }
  return { dtype: descr, shape: dims };
}
