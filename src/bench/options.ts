/**
 * The benchmark's command-line options: parsed and checked before anything starts, with a
 * ConfigError naming the option, the value given and what is allowed. Accepts `--name value`
 * and `--name=value`. Parsing only: the runner (src/cli/bench.ts) acts on the result.
 */
import { ConfigError } from '../engine/config-error.ts';

export interface BenchOptions {
  /** One JSON object per line instead of a table. */
  json: boolean;
  params: number;
  /** Timed steps per case; null: each case runs enough steps for about 1.5 s. */
  steps: number | null;
  /** False launches the browser without WebGPU, to run the cpu cases alone. */
  webgpu: boolean;
  help: boolean;
}

export const DEFAULT_PARAMS = 4_194_304;
/** 64M: the design notes' H100 anchor size; 256 MiB per vector, five vectors for the naive case. */
export const MAX_PARAMS = 2 ** 26;
export const MAX_STEPS = 1_000_000;

export const USAGE = `Usage: npm run bench -- [options]

Times the parameter update in headless Chromium on its software WebGPU adapter:
the fused WGSL update (with and without statistics), a naive one-kernel-per-op WGSL
version, TensorFlow.js (webgpu and cpu), the CPU engine, and a buffer copy.

Options:
  --params N     parameters to update (default ${DEFAULT_PARAMS.toLocaleString('en-US')}, at most ${MAX_PARAMS.toLocaleString('en-US')})
  --steps K      timed steps per case (default: enough for about 1.5 s each)
  --json         one JSON object per line instead of a table
  --no-webgpu    launch the browser without WebGPU: only the cpu cases run
  --help         this text`;

const SWITCHES = ['--json', '--no-webgpu', '--help'] as const;
const VALUED = ['--params', '--steps'] as const;
const ALLOWED_OPTIONS = ['--params N', '--steps K', ...SWITCHES].join(', ');

/** Throws ConfigError on the first bad or unknown option. */
export function parseBenchArgs(args: readonly string[]): BenchOptions {
  const options: BenchOptions = { json: false, params: DEFAULT_PARAMS, steps: null, webgpu: true, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = equals > 0 ? arg.slice(0, equals) : arg;
    const inline = equals > 0 ? arg.slice(equals + 1) : undefined;
    if ((SWITCHES as readonly string[]).includes(name)) {
      if (inline !== undefined) throw new ConfigError(name.slice(2), inline, 'no value (it is a switch)');
      if (name === '--json') options.json = true;
      else if (name === '--no-webgpu') options.webgpu = false;
      else options.help = true;
    } else if ((VALUED as readonly string[]).includes(name)) {
      const value = inline ?? args[++i];
      if (name === '--params') options.params = wholeNumber('params', value, MAX_PARAMS);
      else options.steps = wholeNumber('steps', value, MAX_STEPS);
    } else {
      throw new ConfigError('option', arg, ALLOWED_OPTIONS);
    }
  }
  return options;
}

/** Digits only (no signs, exponents or separators), from 1 to `max`. */
function wholeNumber(field: string, raw: string | undefined, max: number): number {
  const value = raw !== undefined && /^[0-9]+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new ConfigError(field, raw, `a whole number from 1 to ${max.toLocaleString('en-US')}`);
  }
  return value;
}
