/**
 * What the benchmark page and its command-line runner (src/cli/bench.ts) say to each other:
 * the page's query string, the result of one case, and the functions the runner exposes on
 * the page. Plain data only, so both Node and the browser import it. Not the measuring
 * (measure.ts), the cases (cases.ts) nor the printing (report.ts).
 */

export type CaseName = 'update+stats' | 'update' | 'copy';
export type ImplName = 'fused-wgsl' | 'naive-wgsl' | 'tfjs' | 'cpu-engine' | 'copyBufferToBuffer';
export type BackendName = 'webgpu' | 'cpu';

/** One measured case; the JSON lines carry exactly these fields, in this order. */
export interface BenchResult {
  case: CaseName;
  impl: ImplName;
  backend: BackendName;
  params: number;
  msPerStep: number;
  /** Effective bandwidth: BYTES_PER_PARAM × params per step, whatever the code really moved. */
  gbPerSecond: number;
}

/**
 * Bytes per parameter that `gbPerSecond` counts: what an update must move at the least
 * (read w and g, write w), and a copy (read and write each 4-byte value once).
 */
export const BYTES_PER_PARAM: Record<CaseName, number> = { 'update+stats': 12, update: 12, copy: 8 };

/** What the page is told through its query string. */
export interface PageOptions {
  params: number;
  /** Timed steps per case; null lets each case pick enough for about a second and a half. */
  steps: number | null;
}

export function pageQuery(options: PageOptions): string {
  const query = new URLSearchParams({ params: String(options.params) });
  if (options.steps !== null) query.set('steps', String(options.steps));
  return `?${query}`;
}

/** The inverse of `pageQuery`; the runner has validated the numbers already. */
export function readPageQuery(search: string): PageOptions {
  const query = new URLSearchParams(search);
  const [params, steps] = [query.get('params'), query.get('steps')];
  // A page opened by hand (no query) runs a small size.
  return { params: params === null ? 65_536 : Number(params), steps: steps === null ? null : Number(steps) };
}

/**
 * Functions the runner exposes on the page's window (Playwright's exposeFunction). The page
 * calls them in this order: start, then per case a result or a failure, then done; notes
 * at any time.
 */
export interface BenchBridge {
  /** `adapter`: "vendor architecture (description)" of the WebGPU adapter, or null when there is none. */
  benchStart(adapter: string | null): Promise<void>;
  benchNote(message: string): Promise<void>;
  benchResult(result: BenchResult): Promise<void>;
  benchCaseFailed(label: string, message: string): Promise<void>;
  benchDone(): Promise<void>;
}

/** How a case is named in messages: "update naive-wgsl webgpu". */
export function caseLabel(result: Pick<BenchResult, 'case' | 'impl' | 'backend'>): string {
  return `${result.case} ${result.impl} ${result.backend}`;
}
