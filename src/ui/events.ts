/**
 * The intents leaf elements send up to the mediator (`<sparsewatch-app>`), as CustomEvents
 * that bubble and cross shadow roots. Leaves never act on the engine themselves: properties
 * down, events up. Names and detail types live here so sender and receiver cannot drift.
 */
import type { SettingsDraft } from './settings.ts';

export type TrainCommand = 'start' | 'pause' | 'step' | 'reset';

/** What the files panel can save: the metrics, a chart, or run k's weights (`checkpoint-k`, k from 1). */
export type ExportKind = 'metrics-csv' | 'histogram-png' | 'heatmap-png' | 'scatter-png' | `checkpoint-${number}`;

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
  /** A CSV file the user picked: its header is read to offer the target column. */
  'csv-pick': File;
  /** Train on the picked CSV with this column as the target. */
  'csv-load': string;
  /** The runs (indices) the scatter shows on x and y. */
  'scatter-runs': [number, number];
  /** Digits: how many hidden units' first-layer images to show per run. */
  'digits-units': number;
}

declare global {
  interface HTMLElementEventMap {
    'settings-input': CustomEvent<SettingsDraft>;
    'train-command': CustomEvent<TrainCommand>;
    'self-check-request': CustomEvent<null>;
    'scrub': CustomEvent<number | null>;
    'export-request': CustomEvent<ExportKind>;
    'checkpoint-load': CustomEvent<File>;
    'csv-pick': CustomEvent<File>;
    'csv-load': CustomEvent<string>;
    'scatter-runs': CustomEvent<[number, number]>;
    'digits-units': CustomEvent<number>;
  }
}

export function emit<K extends keyof SparsewatchEvents>(from: EventTarget, type: K, detail: SparsewatchEvents[K]): void {
  from.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
