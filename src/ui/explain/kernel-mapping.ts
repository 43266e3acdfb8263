/**
 * How the WebGPU engine lays N parameters out (shards × workgroups × threads × vec4) and how
 * fast a live run moves them against the adapter's copy bandwidth (the roofline). The layout
 * is the engine's own: the sizing functions of src/engine/gpu/shards.ts and dispatch.ts are
 * passed in (the UI loads them by dynamic import, see the explainer), never restated here.
 * This only adds up what they give and puts it into words. No DOM, no WebGPU calls.
 */
import { formatCount } from '../snapshot-summary.ts';

// The shapes of shards.ts's and dispatch.ts's types, restated because the UI imports nothing
// from engine/gpu statically (not even types); passing the real functions checks they agree.
interface Grid {
  x: number;
  y: number;
  total: number;
}
interface Shard {
  index: number;
  start: number;
  count: number;
  bytes: number;
}
interface ShardLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
}

/** The device limits the layout depends on. */
export interface LayoutLimits extends ShardLimits {
  maxComputeWorkgroupsPerDimension: number;
}

/** The WebGPU spec's defaults, which a device gets unless it asks for more: the "would be" layout without a GPU. */
export const SPEC_DEFAULT_LIMITS: LayoutLimits = {
  maxStorageBufferBindingSize: 134_217_728,
  maxBufferSize: 268_435_456,
  maxComputeWorkgroupsPerDimension: 65_535,
};

/** The engine's sizing functions (src/engine/gpu/shards.ts and dispatch.ts). */
export interface EngineSizing {
  WORKGROUP_SIZE: number;
  maxShardParamsFor(limits: ShardLimits): number;
  planShards(paramCount: number, maxShardParams: number): Shard[];
  engineGrid(items: number, workgroupCount: number | null, perDimension: number): Grid;
}

export interface ShardLayout {
  shard: Shard;
  vec4s: number;
  grid: Grid;
  threads: number;
  /** vec4s each thread handles in the grid-stride loop: the most, and the fewest (0 for idle threads). */
  vec4sPerThread: { most: number; fewest: number };
}

export interface KernelLayout {
  paramCount: number;
  limits: LayoutLimits;
  /** The most parameters in one shard (one storage binding). */
  maxShardParams: number;
  workgroupSize: number;
  shards: ShardLayout[];
}

/** The layout the engine gives `paramCount` parameters on a device with these limits (the app sets no workgroup count). */
export function kernelLayout(paramCount: number, limits: LayoutLimits, sizing: EngineSizing): KernelLayout {
  const maxShardParams = sizing.maxShardParamsFor(limits);
  const shards = sizing.planShards(paramCount, maxShardParams).map((shard) => {
    const vec4s = shard.bytes / 16;
    const grid = sizing.engineGrid(vec4s, null, limits.maxComputeWorkgroupsPerDimension);
    const threads = grid.total * sizing.WORKGROUP_SIZE;
    return { shard, vec4s, grid, threads, vec4sPerThread: { most: Math.ceil(vec4s / threads), fewest: Math.floor(vec4s / threads) } };
  });
  return { paramCount, limits, maxShardParams, workgroupSize: sizing.WORKGROUP_SIZE, shards };
}

/** Shards alike in size and grid, in runs: "shards 0–2" and "shard 3". */
export interface ShardGroup {
  first: number;
  last: number;
  layout: ShardLayout;
}

export function groupShards(shards: readonly ShardLayout[]): ShardGroup[] {
  const groups: ShardGroup[] = [];
  for (const layout of shards) {
    const previous = groups.at(-1);
    const same = previous && previous.layout.shard.count === layout.shard.count && previous.layout.grid.x === layout.grid.x && previous.layout.grid.y === layout.grid.y;
    if (same) previous.last = layout.shard.index;
    else groups.push({ first: layout.shard.index, last: layout.shard.index, layout });
  }
  return groups;
}

/** One group of shards in words. */
export function describeShardGroup(group: ShardGroup, workgroupSize: number): string {
  const { shard, grid, threads, vec4s, vec4sPerThread } = group.layout;
  const which = group.first === group.last ? `Shard ${group.first}` : `Shards ${group.first}–${group.last}, each`;
  const { most, fewest } = vec4sPerThread;
  const perThread =
    most === fewest
      ? `${formatCount(most)} ${most === 1 ? 'vec4' : 'vec4s'} (${formatCount(4 * most)} weights)`
      : `${formatCount(fewest)} or ${formatCount(most)} vec4s (up to ${formatCount(4 * most)} weights)`;
  return (
    `${which}: ${formatCount(shard.count)} weights, ${formatCount(shard.bytes)} bytes of weights and as many of gradient, read as ${formatCount(vec4s)} vec4s; ` +
    `${formatCount(grid.total)} workgroups (a ${formatCount(grid.x)} × ${formatCount(grid.y)} grid) × ${formatCount(workgroupSize)} threads = ${formatCount(threads)} threads, ` +
    `each updating ${perThread} in the grid-stride loop.`
  );
}

/** Bytes the update moves per parameter and step: read w and g, write w (f32 each). */
export const BYTES_PER_PARAM_STEP = 12;

export interface Throughput {
  stepsPerSecond: number;
  paramsPerSecond: number;
  bytesPerSecond: number;
}

/** What a live rate of steps per second means for `runs` engines of `paramCount` parameters each. */
export function throughput(stepsPerSecond: number, paramCount: number, runs: number): Throughput {
  const paramsPerSecond = stepsPerSecond * paramCount * runs;
  return { stepsPerSecond, paramsPerSecond, bytesPerSecond: paramsPerSecond * BYTES_PER_PARAM_STEP };
}

/** A copy reads and writes every byte: `copies` copies of `bytes` in `seconds` move 2·bytes·copies. */
export function copyBytesPerSecond(bytes: number, copies: number, seconds: number): number {
  return (2 * bytes * copies) / seconds;
}

/** The share of the copy bandwidth a rate reaches (the roofline of a memory-bound kernel), capped at 1. */
export function rooflineFraction(bytesPerSecond: number, copyPerSecond: number): number {
  if (!(copyPerSecond > 0) || !(bytesPerSecond >= 0)) return 0;
  return Math.min(1, bytesPerSecond / copyPerSecond);
}

/** Bytes per second as GB/s (10^9), to three significant digits. */
export function formatGBps(bytesPerSecond: number): string {
  return `${Number((bytesPerSecond / 1e9).toPrecision(3))} GB/s`;
}
