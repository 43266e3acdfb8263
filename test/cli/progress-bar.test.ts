/**
 * The progress bar draws only on a TTY, redraws in place at most ten times a second (but
 * always at the end), and clears its line before other output.
 */
import { describe, expect, test } from 'vitest';
import { ProgressBar } from '../../src/cli/progress-bar.ts';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, isTTY, columns: 80, write: (text: string) => written.push(text) };
}

describe('ProgressBar', () => {
  test('silent when the stream is not a terminal', () => {
    const s = stream(false);
    const bar = new ProgressBar(s, 10, 'train');
    for (let k = 1; k <= 10; k++) bar.update(k);
    bar.clear();
    expect(s.written).toEqual([]);
  });

  test('on a terminal: first and last states drawn, in-between redraws throttled, then cleared', () => {
    const s = stream(true);
    const bar = new ProgressBar(s, 1000, 'train');
    for (let k = 1; k <= 1000; k++) bar.update(k);
    expect(s.written.length).toBeGreaterThanOrEqual(2);
    expect(s.written.length).toBeLessThan(50);
    expect(s.written[0]).toMatch(/^\rtrain \[\.+\] 1\/1,000 steps, /);
    expect(s.written.at(-1)).toMatch(/^\rtrain \[#+\] 1,000\/1,000 steps, [\d,]+ steps\/s$/);
    bar.clear();
    expect(s.written.at(-1)).toBe('\r\x1b[K');
  });
});
