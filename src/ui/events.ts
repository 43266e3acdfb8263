/**
 * The intents leaf elements send up to the mediator (`<sparsewatch-app>`), as CustomEvents
 * that bubble and cross shadow roots. Leaves never act on the engine themselves: properties
 * down, events up. Names and detail types live here so sender and receiver cannot drift.
 */
import type { SettingsDraft } from './settings.ts';

export type TrainCommand = 'start' | 'pause' | 'step' | 'reset';

/** What the files panel can save. */
export type ExportKind = 'metrics-csv' | 'histogram-png' | 'heatmap-png' | 'checkpoint-a' | 'checkpoint-b';

export interface SparsewatchEvents {
  /** The form changed; the draft is unchecked (the mediator validates it). */
  'settings-input': SettingsDraft;
  'train-command': TrainCommand;
  /** Run the self-check again. */
  'self-check-request': null;
  /** Look back at the histogram of an earlier step (null: follow the latest). */
  'scrub': number | null;
  'export-request': ExportKind;
  /** A checkpoint file the user picked; it is read here, never sent anywhere. */
  'checkpoint-load': File;
}

declare global {
  interface HTMLElementEventMap {
    'settings-input': CustomEvent<SettingsDraft>;
    'train-command': CustomEvent<TrainCommand>;
    'self-check-request': CustomEvent<null>;
    'scrub': CustomEvent<number | null>;
    'export-request': CustomEvent<ExportKind>;
    'checkpoint-load': CustomEvent<File>;
  }
}

export function emit<K extends keyof SparsewatchEvents>(from: EventTarget, type: K, detail: SparsewatchEvents[K]): void {
  from.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
