/**
 * The page's keyboard shortcuts as a pure mapping: space starts or pauses, `s` takes one
 * step, `r` resets the weights. A key pressed with Ctrl, Alt or Meta is the browser's
 * (Ctrl+R reloads). Where focus is decides the rest, so a shortcut never steals a key a
 * control needs: nothing while typing into a field or choosing in a select; and on a
 * button, checkbox, link or slider, space keeps its native meaning (press, toggle) while
 * the letters still work. The app listens on the window and passes the innermost focused
 * element (event.composedPath()[0], since focus sits inside shadow roots).
 *
 * Not here: listening, or acting on the command (the mediator does both).
 */
import type { TrainCommand } from './events.ts';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  /** Held down: space would start and pause in turn, so only `s` repeats. */
  repeat: boolean;
}

/** The little of an element the mapping looks at. */
export interface FocusTarget {
  tagName: string;
  /** An input's type attribute. */
  type?: string;
  isContentEditable?: boolean;
}

/** Input types that take no typed text: space acts on them natively, letters are free. */
const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'color', 'file', 'image', 'radio', 'range', 'reset', 'submit']);

/** How a focused element uses keys: `text` takes every key, `press` takes space, `none` takes none. */
export function keyUse(target: FocusTarget | null): 'text' | 'press' | 'none' {
  if (!target) return 'none';
  if (target.isContentEditable) return 'text';
  const tag = target.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return 'text';
  if (tag === 'input') return NON_TEXT_INPUTS.has((target.type ?? 'text').toLowerCase()) ? 'press' : 'text';
  if (tag === 'button' || tag === 'a' || tag === 'summary') return 'press';
  return 'none';
}

/** The command a key press means, or null when it is not a shortcut here (the caller then leaves the event alone). */
export function shortcutFor(press: KeyPress, target: FocusTarget | null, running: boolean): TrainCommand | null {
  if (press.ctrlKey || press.altKey || press.metaKey) return null;
  const use = keyUse(target);
  if (use === 'text') return null;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  switch (key) {
    case ' ':
      if (use === 'press' || press.repeat) return null;
      return running ? 'pause' : 'start';
    case 's':
      return running ? null : 'step';
    case 'r':
      return press.repeat ? null : 'reset';
    default:
      return null;
  }
}

/** Shown next to the buttons and set as their aria-keyshortcuts. */
export const SHORTCUTS: Readonly<Record<TrainCommand, string>> = { start: 'Space', pause: 'Space', step: 'S', reset: 'R' };
