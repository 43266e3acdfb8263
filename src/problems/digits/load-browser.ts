/**
 * Loading the digits asset in a page: Vite serves the committed file (the `?url` import gives
 * its address, hashed in a build), `fetch` brings the bytes and decodeDigits checks them.
 * A failed request or a file that is not a digits file is a ConfigError naming the address.
 */
import assetUrl from './mnist-digits.bin?url';
import { ConfigError } from '../../engine/config-error.ts';
import { decodeDigits } from './asset-format.ts';
import { DigitsData } from './dataset.ts';

/** Where the page finds the committed asset. */
export const DIGITS_ASSET_PATH: string = assetUrl;

export async function loadDigitsUrl(url: string = DIGITS_ASSET_PATH, fetcher: typeof fetch = fetch): Promise<DigitsData> {
  let response: Response;
  try {
    response = await fetcher(url);
  } catch (error) {
    throw new ConfigError('digits url', url, `an address this page can fetch (${(error as Error).message})`);
  }
  if (!response.ok) throw new ConfigError('digits url', url, `an address that serves the digits file (the server answered ${response.status} ${response.statusText})`);
  return DigitsData.from(await decodeDigits(new Uint8Array(await response.arrayBuffer())));
}
