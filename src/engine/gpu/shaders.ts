/**
 * The WGSL sources, one per kernel. The only module that imports `.wgsl?raw`, so the rest of
 * the engine (and the CPU engine above all) never pulls shader text in.
 */
import initWeights from '../../../shaders/init-weights.wgsl?raw';
import reduceNorms from '../../../shaders/reduce-norms.wgsl?raw';
import update from '../../../shaders/update.wgsl?raw';

export const KERNEL_SOURCES = {
  'init-weights': initWeights,
  'reduce-norms': reduceNorms,
  update,
} as const;

export type KernelName = keyof typeof KERNEL_SOURCES;
