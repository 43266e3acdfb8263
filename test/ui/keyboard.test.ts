/**
 * The keyboard shortcuts as a mapping: space toggles, S steps, R resets; modifiers belong to
 * the browser; typing into a field is never a shortcut; on buttons and sliders space keeps
 * its native meaning; held keys repeat only where that is harmless.
 */
import { describe, expect, test } from 'vitest';
import { keyUse, shortcutFor, type FocusTarget, type KeyPress } from '../../src/ui/keyboard.ts';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, altKey: false, metaKey: false, repeat: false, ...extra });
const BODY: FocusTarget = { tagName: 'BODY' };
const input = (type?: string): FocusTarget => ({ tagName: 'INPUT', type });

describe('ui: keyboard shortcuts', () => {
  test('space starts when paused and pauses when running; s steps; r resets', () => {
    expect(shortcutFor(press(' '), BODY, false)).toBe('start');
    expect(shortcutFor(press(' '), BODY, true)).toBe('pause');
    expect(shortcutFor(press('s'), BODY, false)).toBe('step');
    expect(shortcutFor(press('S'), BODY, false)).toBe('step');
    expect(shortcutFor(press('r'), BODY, false)).toBe('reset');
    expect(shortcutFor(press('r'), BODY, true)).toBe('reset');
    expect(shortcutFor(press(' '), null, false)).toBe('start');
  });

  test('step is not offered while running (the loop would ignore it); other keys are not shortcuts', () => {
    expect(shortcutFor(press('s'), BODY, true)).toBeNull();
    for (const key of ['x', 'Enter', 'Escape', 'ArrowLeft', 'Spacebar', 'F5']) expect(shortcutFor(press(key), BODY, false)).toBeNull();
  });

  test('with Ctrl, Alt or Meta the key is the browser’s (Ctrl+R reloads)', () => {
    for (const modifier of ['ctrlKey', 'altKey', 'metaKey'] as const) {
      expect(shortcutFor(press('r', { [modifier]: true }), BODY, false)).toBeNull();
      expect(shortcutFor(press(' ', { [modifier]: true }), BODY, false)).toBeNull();
    }
  });

  test('nothing while typing: text and number inputs, textareas, selects, contenteditable', () => {
    const typing: FocusTarget[] = [input(), input('text'), input('number'), input('NUMBER'), input('search'), { tagName: 'TEXTAREA' }, { tagName: 'SELECT' }, { tagName: 'DIV', isContentEditable: true }];
    for (const target of typing) {
      expect(keyUse(target)).toBe('text');
      for (const key of [' ', 's', 'r']) expect(shortcutFor(press(key), target, false)).toBeNull();
    }
  });

  test('on buttons, links, checkboxes and sliders, space keeps its native meaning but letters work', () => {
    const pressable: FocusTarget[] = [{ tagName: 'BUTTON' }, { tagName: 'A' }, { tagName: 'SUMMARY' }, input('checkbox'), input('range'), input('file')];
    for (const target of pressable) {
      expect(keyUse(target)).toBe('press');
      expect(shortcutFor(press(' '), target, false)).toBeNull();
      expect(shortcutFor(press('s'), target, false)).toBe('step');
      expect(shortcutFor(press('r'), target, false)).toBe('reset');
    }
  });

  test('a held key: s repeats (step after step), space and r do not', () => {
    expect(shortcutFor(press('s', { repeat: true }), BODY, false)).toBe('step');
    expect(shortcutFor(press(' ', { repeat: true }), BODY, false)).toBeNull();
    expect(shortcutFor(press('r', { repeat: true }), BODY, false)).toBeNull();
  });
});
