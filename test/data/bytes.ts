/**
 * Test helpers for the data formats: files assembled byte by byte from the specifications,
 * never by the writers under test.
 */


export function ascii(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Little-endian float32 bytes, one DataView write per value. */
export function f32le(values: readonly number[]): Uint8Array {
  const view = new DataView(new ArrayBuffer(4 * values.length));
  values.forEach((value, i) => view.setFloat32(4 * i, value, true));
  return new Uint8Array(view.buffer);
}

/** Little-endian float64 bytes. */
export function f64le(values: readonly number[]): Uint8Array {
  const view = new DataView(new ArrayBuffer(8 * values.length));
  values.forEach((value, i) => view.setFloat64(8 * i, value, true));
  return new Uint8Array(view.buffer);
}

/**
 * A .npy file: magic, version, header length (u16 for 1.0, u32 after), `header` as given
 * (the caller pads it), then `data`. `headerLength` overrides the length field.
 */
export function npyFile(header: string, data: Uint8Array, options: { major?: number; minor?: number; headerLength?: number } = {}): Uint8Array {
  const { major = 1, minor = 0 } = options;
  const lengthBytes = major === 1 ? 2 : 4;
  const prefix = new DataView(new ArrayBuffer(8 + lengthBytes));
  [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, minor].forEach((byte, i) => prefix.setUint8(i, byte));
  const length = options.headerLength ?? ascii(header).length;
  if (lengthBytes === 2) prefix.setUint16(8, length, true);
  else prefix.setUint32(8, length, true);
  return concat(new Uint8Array(prefix.buffer), ascii(header), data);
}

/** NumPy's header layout: the dict, spaces, "\n", so magic + length + header is a multiple of 64. */
export function npyHeader(dict: string, prefixBytes = 10): string {
  const total = Math.ceil((prefixBytes + dict.length + 1) / 64) * 64;
  return `${dict}${' '.repeat(total - prefixBytes - dict.length - 1)}\n`;
}

/** A safetensors file: u64 little-endian header length, the header text as given, the data. */
export function safetensorsFile(header: string, data: Uint8Array = new Uint8Array(0), headerLength?: bigint): Uint8Array {
  const json = ascii(header);
  const prefix = new DataView(new ArrayBuffer(8));
  prefix.setBigUint64(0, headerLength ?? BigInt(json.length), true);
  return concat(new Uint8Array(prefix.buffer), json, data);
}
