/**
 * The intents leaf elements send up to the mediator (`<sparsewatch-app>`), as CustomEvents
 * that bubble and cross shadow roots. Leaves never act on the engine themselves: properties
 * down, events up. Names and detail types live here so sender and receiver cannot drift.
 */
import type { SettingsDraft } from './settings.ts';

export type TrainCommand = 'start' | 'pause' | 'step' | 'reset';

export interface SparsewatchEvents {
  /** The form changed; the draft is unchecked (the mediator validates it). */
  'settings-input': SettingsDraft;
  'train-command': TrainCommand;
  /** Run the self-check again. */
  'self-check-request': null;
}

declare global {
  interface HTMLElementEventMap {
    'settings-input': CustomEvent<SettingsDraft>;
    'train-command': CustomEvent<TrainCommand>;
    'self-check-request': CustomEvent<null>;
  }
}

export function emit<K extends keyof SparsewatchEvents>(from: EventTarget, type: K, detail: SparsewatchEvents[K]): void {
  from.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
