/**
 * The gate that holds a chart's draws while it is off screen: a draw asked for off screen
 * waits, and exactly one is made when the chart comes into view; nothing is owed when no
 * draw was asked for; saving a PNG takes a held-back draw.
 */
import { describe, expect, test } from 'vitest';
import { DrawGate } from '../../src/ui/draw-gate.ts';

describe('ui: draw gate', () => {
  test('visible until told otherwise: every draw is made at once', () => {
    const gate = new DrawGate();
    expect(gate.visible).toBe(true);
    expect(gate.request()).toBe(true);
    expect(gate.request()).toBe(true);
    expect(gate.pending).toBe(false);
  });

  test('off screen, draws wait; coming into view owes exactly one, however many were asked for', () => {
    const gate = new DrawGate();
    expect(gate.show(false)).toBe(false);
    expect(gate.request()).toBe(false);
    expect(gate.request()).toBe(false);
    expect(gate.pending).toBe(true);
    expect(gate.show(true)).toBe(true);
    expect(gate.pending).toBe(false);
    expect(gate.show(true)).toBe(false); // a second "visible" owes nothing more
  });

  test('leaving and coming back without a draw asked for meanwhile owes nothing', () => {
    const gate = new DrawGate();
    gate.show(false);
    expect(gate.show(true)).toBe(false);
    gate.show(false);
    gate.request();
    gate.show(false); // still off screen
    expect(gate.pending).toBe(true);
    expect(gate.show(true)).toBe(true);
  });

  test('a draw made while visible clears one held back earlier', () => {
    const gate = new DrawGate();
    gate.show(false);
    gate.request();
    gate.show(true);
    gate.show(false);
    expect(gate.pending).toBe(false);
    gate.request();
    expect(gate.take()).toBe(true); // saving a PNG draws it now
    expect(gate.take()).toBe(false);
    expect(gate.show(true)).toBe(false);
  });
});
