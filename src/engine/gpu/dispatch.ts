/**
 * How many workgroups a grid-stride kernel gets, and how they are laid out. A dimension
 * holds at most the device's maxComputeWorkgroupsPerDimension (65,535 by default), so larger
 * grids spill into y; kernels rebuild the linear group index as x + y·groupsX, and whole
 * workgroups past the work leave at once.
 */
export const WORKGROUP_SIZE = 256;
export const MAX_GROUPS_PER_DIMENSION = 65_535;
/** Most workgroups per shard by default: few, long-lived groups ran fastest on SwiftShader. */
export const DEFAULT_WORKGROUP_COUNT = 64;

export interface Grid {
  x: number;
  y: number;
  /** x·y: the number of workgroups actually launched. */
  total: number;
}

/** A grid of at least `wanted` workgroups (at least one). */
export function gridFor(wanted: number, maxPerDimension = MAX_GROUPS_PER_DIMENSION): Grid {
  const groups = Math.max(1, Math.ceil(wanted));
  const x = Math.min(groups, maxPerDimension);
  const y = Math.ceil(groups / x);
  return { x, y, total: x * y };
}

/** Workgroups for `items` items: one item per thread, capped at `cap` (a tunable). */
export function groupsFor(items: number, cap: number): number {
  return Math.max(1, Math.min(Math.ceil(items / WORKGROUP_SIZE), cap));
}

/**
 * The grid a grid-stride kernel of the engine launches over `items` items of one shard: the
 * tunable `workgroupCount` when set, else one workgroup per 256 items up to
 * DEFAULT_WORKGROUP_COUNT. The engine and the app's GPU explainer both size grids here.
 */
export function engineGrid(items: number, workgroupCount: number | null, perDimension: number): Grid {
  return gridFor(workgroupCount ?? groupsFor(items, DEFAULT_WORKGROUP_COUNT), perDimension);
}
