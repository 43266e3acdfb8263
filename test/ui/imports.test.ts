/**
 * Keeps the UI's dependency rules honest by reading import lines (STYLE.md, "A layout that
 * shows the architecture"): the UI reaches engine/gpu only by dynamic import, from the
 * self-check and from engines.ts (run B on run A's device) alone, each only once WebGPU is
 * known to work, so the CPU fallback never loads GPU code; the GPU explainer alone may also
 * load the sizing functions and the WGSL text (dispatch.ts, shards.ts, shaders.ts: no
 * WebGPU calls), never the engine; Chart.js is imported part by
 * part (never chart.js/auto) and only by the chart modules; data-shaping modules stay free
 * of Lit, Chart.js and the DOM so they can be tested here; every element's file is named
 * after its tag; relative imports spell out `.ts`.
 */
import { describe, expect, test } from 'vitest';
import { sourceFiles } from '../helpers/source-files.ts';

const FILES = sourceFiles('ui');

/** Module specifiers of static imports (including `import type` and side-effect imports). */
function staticImports(text: string): string[] {
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)].map((m) => m[1] ?? m[2]!);
}

function dynamicImports(text: string): string[] {
  return [...text.matchAll(/import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]!);
}

/** Plain modules: no DOM, no Lit, no Chart.js. */
const PLAIN = [
  'histogram-data.ts',
  'snapshot-summary.ts',
  'draw-gate.ts',
  'property-changes.ts',
  'redraw-interval.ts',
  'cpu-worker/protocol.ts',
  'cpu-worker/cpu-run-host.ts',
  'cpu-worker/worker-engine.ts',
  'cpu-worker/worker-regression.ts',
  'cpu-worker/cpu-workers.ts',
  'settings.ts',
  'rate-meter.ts',
  'self-check-compare.ts',
  'training-loop.ts',
  'self-check.ts',
  'url-state.ts',
  'keyboard.ts',
  'metrics-history.ts',
  'heatmap-data.ts',
  'time-to-zero.ts',
  'run-record.ts',
  'engines.ts',
  'problems.ts',
  'scatter-data.ts',
  'workloads.ts',
  'digits-grid-data.ts',
  'digits-rows.ts',
  'digits-loop.ts',
  'digits-workload.ts',
  'checkpoint-load.ts',
  'explain/tex-number.ts',
  'explain/notebook-equations.ts',
  'explain/notebook-example.ts',
  'explain/rule-traces.ts',
  'explain/caveat-figures.ts',
  'explain/figure-fields.ts',
  'explain/kernel-mapping.ts',
  'explain/copy-bandwidth.ts',
  'explain/wgsl-regions.ts',
  'explain/wgsl-tokens.ts',
];

/** The one module that starts workers (under the page's Trusted Types policy for them). */
const WORKER_STARTER = 'cpu-worker/cpu-workers.ts';

/** The modules that may load the GPU engine, by dynamic import only. */
const GPU_LOADERS = ['self-check.ts', 'engines.ts'];

/** The GPU explainer's dynamic imports: the engine's sizing functions and the WGSL text, not the engine. */
const EXPLAINER = 'explain/sparsewatch-gpu-explainer.ts';
const EXPLAINER_IMPORTS = ['../../engine/gpu/dispatch.ts', '../../engine/gpu/shards.ts', '../../engine/gpu/shaders.ts'];

describe('ui: import rules', () => {
  test('the UI files are found', () => {
    expect(FILES.map((f) => f.name)).toContain('sparsewatch-app.ts');
    expect(FILES.length).toBeGreaterThan(10);
  });

  test.each(FILES)('$name: no static import of engine/gpu; dynamic ones only in self-check.ts and engines.ts', ({ name, text }) => {
    expect(staticImports(text).filter((s) => s.includes('engine/gpu'))).toEqual([]);
    const dynamic = dynamicImports(text).filter((s) => s.includes('engine/gpu'));
    if (name === EXPLAINER) expect(dynamic.filter((s) => !EXPLAINER_IMPORTS.includes(s))).toEqual([]);
    else if (!GPU_LOADERS.includes(name)) expect(dynamic).toEqual([]);
  });

  test('the GPU explainer loads the sizing functions and the kernel text by dynamic import', () => {
    const text = FILES.find((f) => f.name === EXPLAINER)!.text;
    expect(dynamicImports(text).sort()).toEqual([...EXPLAINER_IMPORTS].sort());
  });

  test.each(GPU_LOADERS)('%s loads the GPU engine by dynamic import', (name) => {
    const text = FILES.find((f) => f.name === name)!.text;
    expect(dynamicImports(text)).toContain('../engine/gpu/gpu-engine.ts');
  });

  test.each(FILES)('$name: Chart.js only in charts/ and controllers/, never chart.js/auto', ({ name, text }) => {
    const chart = staticImports(text).filter((s) => s.startsWith('chart.js'));
    expect(chart.filter((s) => s !== 'chart.js')).toEqual([]);
    if (chart.length > 0) expect(name.startsWith('charts/') || name.startsWith('controllers/')).toBe(true);
  });

  test.each(PLAIN)('%s: no Lit, no Chart.js, no elements', (name) => {
    const text = FILES.find((f) => f.name === name)!.text;
    expect(staticImports(text).filter((s) => s === 'lit' || s.startsWith('lit/') || s.startsWith('chart.js'))).toEqual([]);
    expect(text).not.toMatch(/(?<![.\w])(?:document|window)\.\w|customElement|HTMLElement/);
  });

  test.each(FILES)('$name: an element is defined in the file named after its tag', ({ name, text }) => {
    for (const [, tag] of text.matchAll(/@customElement\('([^']+)'\)/g)) expect(name.split('/').at(-1)).toBe(`${tag}.ts`);
  });

  test.each(FILES)('$name: relative imports name their .ts file', ({ text }) => {
    for (const s of [...staticImports(text), ...dynamicImports(text)]) if (s.startsWith('.')) expect(s).toMatch(/\.ts(\?worker&url)?$/);
  });

  test.each(FILES)('$name: workers are started only by cpu-worker/cpu-workers.ts, through its Trusted Types policy', ({ name, text }) => {
    if (name === WORKER_STARTER) return;
    expect(text).not.toMatch(/new (Shared)?Worker\(|\?worker/);
  });

  test('the CPU engine’s worker script is loaded as a URL and handed to the Worker through the policy', () => {
    const text = FILES.find((f) => f.name === WORKER_STARTER)!.text;
    expect(staticImports(text)).toContain('./cpu-run-worker.ts?worker&url');
    expect(text).toMatch(/new Worker\(scriptUrl\(\)/);
    expect(text).toContain('createPolicy(POLICY_NAME');
  });
});
