/**
 * The GPU engine on the command line, through Dawn's node bindings: where Dawn finds no GPU
 * (as on CI) the command relaunches itself on SwiftShader, the software Vulkan driver that
 * ships with @sparticuz/chromium. A small regression run on `--engine gpu` must print the same
 * summary as `--engine cpu`, within f32 tolerance (the GPU sums in f32, the CPU in f64); and a
 * soak run (dawn-soak.ts) must survive forced garbage collections between creating buffers and
 * submitting work. Without any adapter these tests are skipped with a warning, except under
 * CI=true, where they fail.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test, type TestContext } from 'vitest';
import { swiftShaderEnvironment } from '../../src/cli/dawn.ts';
import { allCloseReport } from '../helpers/f32-compare.ts';
import { jsonLines, summaryRuns } from './run-train.ts';

const BIN = fileURLToPath(new URL('../../src/cli/sparsewatch.mjs', import.meta.url));
const HOOKS = new URL('../../src/cli/raw-import-hooks.mjs', import.meta.url).href;
const SOAK = new URL('./dawn-soak.ts', import.meta.url).href;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function node(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { timeout: 240_000, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Skips (with a warning) when there is no adapter, unless CI=true, where that fails the test. */
function requireAdapter(ctx: TestContext, outcome: Outcome, missing: boolean): void {
  if (!missing) return;
  const why = `no WebGPU adapter through Dawn: ${outcome.stderr.trim() || outcome.stdout.trim()}`;
  if (process.env.CI) expect.fail(`${why} (CI=true: the GPU tests must run)`);
  console.warn(`skipped: ${why}`);
  ctx.skip();
}

const RUN = ['train', '--problem', 'regression', '--runs', 'l1-prox,l2', '--features', '600', '--nonzeros', '5', '--samples', '120', '--test-samples', '40', '--steps', '40', '--snapshot-every', '20', '--json'];
const TOLERANCE = { abs: 1e-5, rel: 1e-3 };

describe.concurrent('the GPU engine through Dawn', () => {
  test('--engine gpu gives the summary --engine cpu gives, within f32 tolerance', async (ctx) => {
    const [gpu, cpu] = await Promise.all([node([BIN, ...RUN, '--engine', 'gpu']), node([BIN, ...RUN, '--engine', 'cpu'])]);
    requireAdapter(ctx, gpu, gpu.code === 1 && gpu.stderr.includes('--engine gpu: no WebGPU device'));
    expect(gpu.code, gpu.stderr).toBe(0);
    expect(cpu.code, cpu.stderr).toBe(0);
    expect(gpu.stderr).toMatch(/^GPU engine: WebGPU through Dawn on /m);
    const [g, c] = [jsonLines(gpu.stdout.trim().split('\n')), jsonLines(cpu.stdout.trim().split('\n'))];
    expect(g.at(-1)!.engine).toBe('webgpu');
    expect(c.at(-1)!.engine).toBe('cpu');
    // Every snapshot: the same steps, the same exact-zero counts and support, losses within tolerance.
    expect(g.length).toBe(c.length);
    g.slice(0, -1).forEach((line, i) => {
      const other = c[i]!;
      expect([line.run, line.step, line.nonzeros, line.supportF1]).toEqual([other.run, other.step, other.nonzeros, other.supportF1]);
      const numbers = (l: Record<string, unknown>) => [l.loss, l.heldOutLoss, l.objective, l.distanceToTruth, l.l1Norm] as number[];
      expect(allCloseReport(numbers(line), numbers(other), TOLERANCE), `${line.run} at step ${line.step}`).toBeNull();
    });
    const [gRuns, cRuns] = [summaryRuns(g), summaryRuns(c)];
    for (const run of ['l1-prox', 'l2']) {
      const names = ['loss', 'heldOutLoss', 'exactZeroFraction', 'nearZeroFraction', 'supportPrecision', 'supportRecall', 'supportF1', 'distanceToTruth'];
      expect(allCloseReport(names.map((n) => gRuns[run]!.metrics[n]!), names.map((n) => cRuns[run]!.metrics[n]!), TOLERANCE), run).toBeNull();
      expect(gRuns[run]!.metrics.accuracy).toBeNull();
    }
    // And the point of it all, on the GPU too.
    expect(gRuns['l1-prox']!.metrics.exactZeroFraction).toBeGreaterThan(0.9);
    expect(gRuns.l2!.metrics.exactZeroFraction).toBe(0);
  }, 300_000);

  test('Dawn survives forced garbage collection between creating buffers and submitting', async (ctx) => {
    const swiftShader = process.platform === 'linux' ? await swiftShaderEnvironment() : null;
    const env = swiftShader?.ok ? swiftShader.env : {};
    const script = `import { register } from 'node:module'; register(${JSON.stringify(HOOKS)}); const { tsImport } = await import('tsx/esm/api'); await tsImport(${JSON.stringify(SOAK)}, import.meta.url);`;
    const soak = await node(['--expose-gc', '--input-type=module', '--eval', script], env);
    requireAdapter(ctx, soak, soak.code === 3);
    expect(soak.code, `${soak.stdout}\n${soak.stderr}`).toBe(0);
    expect(soak.stdout).toMatch(/^ok 12 rounds on /);
  }, 300_000);
});
