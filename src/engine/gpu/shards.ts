/**
 * Splitting a parameter vector over several GPU buffers when it outgrows one storage
 * binding. Every shard but the last holds the same multiple of 4 parameters (the kernels
 * read vec4s); the last is padded to a multiple of 4 with lanes the kernels ignore.
 */
export interface Shard {
  index: number;
  /** Global index of the first parameter. */
  start: number;
  /** Parameters held (the padding is not counted). */
  count: number;
  /** Buffer size in bytes (count rounded up to 4 floats). */
  bytes: number;
}

export function planShards(paramCount: number, maxShardParams: number): Shard[] {
  const perShard = Math.floor(maxShardParams / 4) * 4;
  if (perShard < 4) throw new RangeError(`maxShardParams must be at least 4, got ${maxShardParams}`);
  const shards: Shard[] = [];
  for (let start = 0, index = 0; start < paramCount; start += perShard, index++) {
    const count = Math.min(perShard, paramCount - start);
    shards.push({ index, start, count, bytes: Math.ceil(count / 4) * 16 });
  }
  return shards;
}

/** The device limits that bound a shard. */
export interface ShardLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
}

/**
 * The most parameters one shard may hold on a device: what one storage binding (and one
 * buffer) takes, in whole vec4s.
 */
export function maxShardParamsFor(limits: ShardLimits): number {
  return Math.floor(Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize) / 16) * 4;
}
