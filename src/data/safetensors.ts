/**
 * The safetensors format (huggingface/safetensors), strictly, for float tensors: the
 * reader takes F32 and F64 (rounded to f32, refusing values beyond its range) and checks
 * every rule of the format before touching the data; the writer writes F32 the way the
 * reference implementation does, so `safetensors.numpy.load_file` and
 * `safetensors.torch.load_file` read the result. Not supported: other dtypes, lazy or
 * streamed loading (the whole file is one byte array, as a browser File gives it).
 *
 * Layout: an 8-byte little-endian u64 N; N bytes of UTF-8 JSON, `{"name": {"dtype": "F32",
 * "shape": [2, 3], "data_offsets": [begin, end]}, …, "__metadata__": {"key": "value"}}`,
 * starting with "{" and maybe padded with spaces; then the data buffer, row-major
 * little-endian, which the offsets (relative to the buffer's start) must cover exactly:
 * no overlaps, no holes, nothing after the last tensor.
 */
import { ConfigError } from '../engine/config-error.ts';
import { asBytes, checkShapeFor, decodeFloats, writeF32, type BytesInput } from './binary.ts';

export interface SafetensorsTensor {
  /** The dtype in the file; `data` is f32 either way. */
  readonly dtype: 'F32' | 'F64';
  readonly shape: number[];
  readonly data: Float32Array;
}

export interface SafetensorsFile {
  readonly tensors: Record<string, SafetensorsTensor>;
  readonly metadata: Record<string, string>;
}

export interface TensorToWrite {
  readonly dtype: 'F32';
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface SafetensorsReadOptions {
  /** Refuse any tensor with more elements, before anything is allocated. */
  readonly maxValues?: number;
}

/** The reference implementation's limit (`MAX_HEADER_SIZE`): 100 MB. */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';
const ITEM_BYTES = { F32: 4, F64: 8 } as const;
const DTYPE_ALLOWED = '"F32" or "F64" (convert with tensor.float() or a.astype(np.float32))';
/** The writer pads the header so the data starts 8-byte aligned, as the reference does. */
const HEADER_ALIGN = 8;

/** Writes F32 tensors (sorted by name) and string metadata; throws `ConfigError` on bad input. */
export function writeSafetensors(tensors: Record<string, TensorToWrite>, metadata?: Record<string, string>): Uint8Array {
  const names = Object.keys(tensors).sort();
  const entries: string[] = [];
  if (metadata !== undefined) {
    checkMetadata(metadata);
    entries.push(`${JSON.stringify(METADATA_KEY)}:${JSON.stringify(metadata)}`);
  }
  let offset = 0;
  for (const name of names) {
    const tensor = tensors[name]!;
    const field = tensorField(name);
    if (name === METADATA_KEY) throw new ConfigError('safetensors tensor name', name, 'any name but "__metadata__"');
    if (tensor.dtype !== 'F32') throw new ConfigError(`${field}.dtype`, tensor.dtype, '"F32"');
    if (!(tensor.data instanceof Float32Array)) throw new ConfigError(`${field}.data`, typeof tensor.data, 'a Float32Array');
    checkShapeFor(tensor.data, tensor.shape, `${field}.shape`);
    const info = { dtype: 'F32', shape: tensor.shape, data_offsets: [offset, offset + tensor.data.byteLength] };
    // Entries are joined by hand: a tensor called "__proto__" must stay an ordinary key.
    entries.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
    offset += tensor.data.byteLength;
  }
  const header = new TextEncoder().encode(`{${entries.join(',')}}`);
  const padded = Math.ceil(header.length / HEADER_ALIGN) * HEADER_ALIGN;
  const out = new Uint8Array(8 + padded + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(header, 8);
  out.fill(0x20, 8 + header.length, 8 + padded);
  let at = 8 + padded;
  for (const name of names) {
    writeF32(out, at, tensors[name]!.data);
    at += tensors[name]!.data.byteLength;
  }
  return out;
}

/** Reads a safetensors file; throws `ConfigError` naming the field at fault. */
export function readSafetensors(input: BytesInput, options: SafetensorsReadOptions = {}): SafetensorsFile {
  const bytes = asBytes(input, 'safetensors');
  if (bytes.length < 8) {
    throw new ConfigError('safetensors.byteLength', bytes.length, 'at least 8 (the u64 header length comes first)');
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLength > BigInt(Math.min(SAFETENSORS_MAX_HEADER_BYTES, bytes.length - 8))) {
    const shown = headerLength <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(headerLength) : headerLength;
    throw new ConfigError(
      'safetensors.header_length',
      shown,
      `at most ${Math.min(SAFETENSORS_MAX_HEADER_BYTES, bytes.length - 8)} bytes ` +
        `(the limit is ${SAFETENSORS_MAX_HEADER_BYTES}; this file has ${bytes.length} bytes)`,
    );
  }
  const dataStart = 8 + Number(headerLength);
  const header = parseHeader(bytes.subarray(8, dataStart));
  const dataLength = bytes.length - dataStart;

  const metadata = header[METADATA_KEY] === undefined ? {} : checkMetadata(header[METADATA_KEY]);
  const layout = Object.entries(header)
    .filter(([name]) => name !== METADATA_KEY)
    .map(([name, info]) => checkTensorInfo(name, info, dataLength, options.maxValues));
  checkCoverage(layout, dataLength);

  const tensors = Object.fromEntries(
    layout.map(({ name, dtype, shape, begin, values }) => {
      const data = decodeFloats(bytes, dataStart + begin, values, ITEM_BYTES[dtype], { field: `${tensorField(name)}.data`, shape, finite: false });
      return [name, { dtype, shape, data }];
    }),
  );
  return { tensors, metadata };
}

interface TensorLayout {
  readonly name: string;
  readonly dtype: 'F32' | 'F64';
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
  readonly values: number;
}

function tensorField(name: string): string {
  return `safetensors[${JSON.stringify(name)}]`;
}

function parseHeader(raw: Uint8Array): Record<string, unknown> {
  const allowed = 'a JSON object starting with "{": {"name": {"dtype", "shape", "data_offsets"}, "__metadata__": {…}}';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new ConfigError('safetensors.header', 'bytes that are not UTF-8', allowed);
  }
  // The format demands "{" first: no BOM, no leading spaces, no other JSON value.
  if (raw[0] !== 0x7b) throw new ConfigError('safetensors.header', text.slice(0, 80), allowed);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError('safetensors.header', text.slice(0, 80), `${allowed} (not valid JSON: ${(error as Error).message})`);
  }
  if (!isPlainObject(parsed)) throw new ConfigError('safetensors.header', text.slice(0, 80), allowed);
  return parsed;
}

function checkMetadata(metadata: unknown): Record<string, string> {
  if (!isPlainObject(metadata)) throw new ConfigError('safetensors.__metadata__', metadata, 'an object of string values');
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') throw new ConfigError(`safetensors.__metadata__[${JSON.stringify(key)}]`, value, 'a string');
  }
  return metadata as Record<string, string>;
}

function checkTensorInfo(name: string, info: unknown, dataLength: number, maxValues: number | undefined): TensorLayout {
  const field = tensorField(name);
  const allowed = 'an object with exactly "dtype", "shape" and "data_offsets"';
  if (!isPlainObject(info)) throw new ConfigError(field, info, allowed);
  const keys = Object.keys(info).sort();
  if (keys.join() !== 'data_offsets,dtype,shape') throw new ConfigError(field, keys, allowed);

  const { dtype, shape, data_offsets: offsets } = info;
  if (dtype !== 'F32' && dtype !== 'F64') throw new ConfigError(`${field}.dtype`, dtype, DTYPE_ALLOWED);
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    throw new ConfigError(`${field}.shape`, shape, 'a list of whole numbers ≥ 0 ([] for a scalar)');
  }
  const [begin, end] = isPair(offsets) ? offsets : [1, 0];
  if (begin > end) throw new ConfigError(`${field}.data_offsets`, offsets, '[begin, end]: whole numbers with begin ≤ end');
  if (end > dataLength) {
    throw new ConfigError(`${field}.data_offsets`, offsets, `offsets inside the data buffer, which has ${dataLength} bytes`);
  }
  // The element count, capped once it passes the buffer so that a shape such as
  // [2^40, 2^40] cannot become an imprecise float that happens to match the span.
  let values = 1;
  for (const size of shape as number[]) values = Math.min(values * size, dataLength + 1);
  const span = values * ITEM_BYTES[dtype];
  if (span !== end - begin) {
    const needed = values > dataLength ? 'more bytes than the file holds' : `${span} bytes`;
    throw new ConfigError(
      `${field}.data_offsets`,
      offsets,
      `a span of ${needed}: shape ${JSON.stringify(shape)} × ${ITEM_BYTES[dtype]} bytes per ${dtype} value`,
    );
  }
  if (maxValues !== undefined && values > maxValues) {
    throw new ConfigError(`${field}.shape`, shape, `at most ${maxValues.toLocaleString('en-US')} values`);
  }
  return { name, dtype, shape: shape as number[], begin, end, values };
}

/** Tensors must tile the data buffer: each begins where the previous one ends, in offset order. */
function checkCoverage(layout: TensorLayout[], dataLength: number): void {
  const ordered = [...layout].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  let previous: TensorLayout | undefined;
  for (const tensor of ordered) {
    if (tensor.begin !== expected) {
      const why = tensor.begin < expected ? `overlaps ${JSON.stringify(previous?.name)}` : `leaves bytes ${expected}..${tensor.begin} unused`;
      throw new ConfigError(
        `${tensorField(tensor.name)}.data_offsets`,
        [tensor.begin, tensor.end],
        `a begin of ${expected}, where ${previous ? JSON.stringify(previous.name) : 'the buffer'} ${previous ? 'ends' : 'starts'} ` +
          `(this one ${why}; tensors must cover the buffer without overlaps or holes)`,
      );
    }
    expected = tensor.end;
    previous = tensor;
  }
  if (expected !== dataLength) {
    throw new ConfigError(
      'safetensors.data.byteLength',
      dataLength,
      `${expected}, the end of the last tensor (no bytes may follow it)`,
    );
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isPair(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every(isCount);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
