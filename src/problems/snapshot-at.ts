/**
 * Getting the engine's snapshot of a given step, for drivers that step an engine and want the
 * statistics of where they are: wait for queued work, and if the snapshot never came (the GPU
 * engine drops one when its readback ring is full), ask for the statistics of the current
 * weights instead. Not here: subscribing (the driver keeps the latest snapshot it was sent).
 */
import type { Engine, Snapshot } from '../engine/types.ts';

/** `latest()` is the last snapshot the driver's listener received; `who` names the driver in errors. */
export async function snapshotAt(engine: Engine, step: number, latest: () => Snapshot | null, who: string): Promise<Snapshot> {
  await engine.settled();
  if (latest()?.step !== step) {
    engine.requestSnapshot();
    await engine.settled();
  }
  const snapshot = latest();
  if (snapshot?.step !== step) throw new Error(`${who}: the engine delivered no snapshot for step ${step}`);
  return snapshot;
}
