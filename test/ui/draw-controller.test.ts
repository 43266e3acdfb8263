/**
 * The controller every canvas draws through, without a DOM: animation frames and the
 * IntersectionObserver are stand-ins the test fires by hand, and the host is a plain object
 * that collects its controllers. Checked: draws wait for the next frame and coalesce there;
 * off screen they wait for the host to come into view, then exactly one is made; `flush`
 * makes a waiting draw at once (and only a waiting one); disconnecting drops a frame.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { DrawController } from '../../src/ui/controllers/draw-controller.ts';

/** Frames asked for and not yet run or cancelled, by id. */
let frames: Map<number, FrameRequestCallback>;
let nextFrame: number;
/** What the (one) IntersectionObserver of the host was told to call. */
let observed: ((entries: { isIntersecting: boolean }[]) => void) | null;

beforeEach(() => {
  frames = new Map();
  nextFrame = 1;
  observed = null;
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    frames.set(nextFrame, callback);
    return nextFrame++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
  vi.stubGlobal(
    'IntersectionObserver',
    class {
      constructor(callback: (entries: { isIntersecting: boolean }[]) => void) {
        observed = callback;
      }
      observe(): void {}
      disconnect(): void {}
    },
  );
});
afterEach(() => vi.unstubAllGlobals());

/** Runs the frames waiting now (those they ask for wait for the next). */
function runFrames(): void {
  const due = [...frames.values()];
  frames.clear();
  for (const callback of due) callback(0);
}

/** A host with a DrawController counting its draws, connected. */
function connected() {
  const controllers: ReactiveController[] = [];
  const host = { addController: (c: ReactiveController) => controllers.push(c) } as unknown as ReactiveControllerHost & Element;
  let draws = 0;
  const drawing = new DrawController(host, () => draws++);
  for (const c of controllers) c.hostConnected?.();
  return { drawing, draws: () => draws, disconnect: () => controllers.forEach((c) => c.hostDisconnected?.()) };
}

describe('ui: draw controller', () => {
  test('a draw waits for the next frame, and requests before it make one draw', () => {
    const { drawing, draws } = connected();
    drawing.request();
    drawing.request();
    drawing.request();
    expect(draws()).toBe(0);
    expect(frames.size).toBe(1);
    runFrames();
    expect(draws()).toBe(1);
    runFrames();
    expect(draws()).toBe(1); // nothing asked for since
    drawing.request();
    runFrames();
    expect(draws()).toBe(2);
  });

  test('off screen: no frame is asked for; coming into view draws once on the next frame', () => {
    const { drawing, draws } = connected();
    observed!([{ isIntersecting: false }]);
    drawing.request();
    drawing.request();
    expect(frames.size).toBe(0);
    observed!([{ isIntersecting: true }]);
    runFrames();
    expect(draws()).toBe(1);
    observed!([{ isIntersecting: true }]); // nothing was held back meanwhile
    runFrames();
    expect(draws()).toBe(1);
  });

  test('flush draws now what waits for a frame or for view, once, and nothing when nothing waits', () => {
    const { drawing, draws } = connected();
    drawing.flush();
    expect(draws()).toBe(0);
    drawing.request();
    drawing.flush();
    expect(draws()).toBe(1);
    runFrames();
    expect(draws()).toBe(1); // the frame was cancelled
    observed!([{ isIntersecting: false }]);
    drawing.request();
    drawing.flush();
    expect(draws()).toBe(2);
    observed!([{ isIntersecting: true }]);
    runFrames();
    expect(draws()).toBe(2); // taken by the flush
  });

  test('disconnecting cancels a waiting frame; after reconnecting, draws are made again', () => {
    const { drawing, draws, disconnect } = connected();
    drawing.request();
    disconnect();
    runFrames();
    expect(draws()).toBe(0);
    drawing.request();
    runFrames();
    expect(draws()).toBe(1);
  });
});
