/**
 * The WGSL sources, one per kernel. The only module that imports `.wgsl?raw`, so the rest of
 * the engine (and the CPU engine above all) never pulls shader text in.
 */
import digitsBias from '../../../shaders/digits-bias.wgsl?raw';
import digitsCount from '../../../shaders/digits-count.wgsl?raw';
import digitsGather from '../../../shaders/digits-gather.wgsl?raw';
import digitsLoss from '../../../shaders/digits-loss.wgsl?raw';
import digitsMatmul from '../../../shaders/digits-matmul.wgsl?raw';
import initWeights from '../../../shaders/init-weights.wgsl?raw';
import pcgHash from '../../../shaders/pcg-hash.wgsl?raw';
import reduceNorms from '../../../shaders/reduce-norms.wgsl?raw';
import regressionFeatures from '../../../shaders/regression-features.wgsl?raw';
import regressionGradient from '../../../shaders/regression-gradient.wgsl?raw';
import regressionPredict from '../../../shaders/regression-predict.wgsl?raw';
import regressionResidual from '../../../shaders/regression-residual.wgsl?raw';
import update from '../../../shaders/update.wgsl?raw';

/**
 * A kernel with the WGSL libraries it calls appended (WGSL has no includes; appending, not
 * prepending, keeps the kernel's own line numbers right in a compilation error).
 */
function withLibraries(kernel: string, ...libraries: string[]): string {
  return [kernel, ...libraries].join('\n');
}

export const KERNEL_SOURCES = {
  // The digits problem's kernels (src/problems/digits/gpu/).
  'digits-bias': digitsBias,
  'digits-count': digitsCount,
  'digits-gather': digitsGather,
  'digits-loss': digitsLoss,
  'digits-matmul': digitsMatmul,
  'init-weights': withLibraries(initWeights, pcgHash),
  'reduce-norms': reduceNorms,
  // The regression problem's kernels (src/problems/regression/gpu/); the features file is a
  // library they append, not a kernel.
  'regression-features': withLibraries(regressionFeatures, pcgHash),
  'regression-gradient': regressionGradient,
  'regression-predict': regressionPredict,
  'regression-residual': regressionResidual,
  update,
} as const;
