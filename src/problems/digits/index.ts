/**
 * The digits problem's public face, for the command line and the app: settings and their
 * checks, the network's shape, the lockstep driver and its metrics. The loaders are not here,
 * because each belongs to one platform: Node imports `loadDigitsFile` from load-node.ts
 * (node:fs), a page imports `loadDigitsUrl` from load-browser.ts (a Vite `?url` asset). The
 * GPU side is not exported either: the driver loads it by itself when handed WebGPU engines,
 * so importing this module never pulls in WGSL or WebGPU code.
 */
export { CLASSES, IMAGE_PIXELS, IMAGE_SIDE } from './asset-format.ts';
export type { DigitSet, LayerCount, SetScore } from './backend.ts';
export { DigitsData, HELD_OUT_EVERY } from './dataset.ts';
export { digitsCheckpointSettings, joinBiases, readDigitsCheckpoint, savedHidden, splitBiases, type DigitsStart, type SavedDigits, type SavedRun } from './digits-checkpoint.ts';
export {
  DigitsLockstep,
  MAX_RUNS,
  runDigits,
  stepsFor,
  type DigitsFrame,
  type DigitsResult,
  type DigitsRunInfo,
  type DigitsRunResult,
} from './digits-run.ts';
export type { DigitsLayerMetrics, DigitsMetrics } from './metrics.ts';
export { digitsEngineOptions, Network, type LayerShape } from './network.ts';
export {
  checkDigitsSettings,
  checkHidden,
  DEFAULT_DIGITS,
  DIGITS_LOSSES,
  MAX_BATCH,
  MAX_EPOCHS,
  MAX_HIDDEN_LAYERS,
  MAX_WEIGHTS,
  MAX_WIDTH,
  type DigitsLoss,
  type DigitsSettings,
} from './settings.ts';
