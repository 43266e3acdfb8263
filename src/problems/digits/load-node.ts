/**
 * Loading the digits asset in Node (tests, the command line): the committed file by default,
 * or any path; the bytes are checked by decodeDigits. Node only (node:fs); pages use
 * load-browser.ts.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../engine/config-error.ts';
import { decodeDigits } from './asset-format.ts';
import { DigitsData } from './dataset.ts';

/** The committed asset, made by `npm run digits:asset`. */
export const DIGITS_ASSET_URL = new URL('./mnist-digits.bin', import.meta.url);

/** The digits of an asset file, split into training and held-out sets. */
export async function loadDigitsFile(path: string | URL = DIGITS_ASSET_URL): Promise<DigitsData> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ConfigError('digits file', String(path), `a readable sparsewatch digits file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return DigitsData.from(await decodeDigits(bytes));
}
