/**
 * The number inputs of the walkthrough and its figures: one real, labelled <input
 * type="number"> per field, marked invalid when the last check named it, and read back as
 * numbers (NaN for an empty or unreadable field, which the checks then report). The values
 * typed stay the reader's: a field is written only with its starting value.
 */
import { html, nothing } from 'lit';
import type { FigureField, FigureValues } from './figure-fields.ts';

/** Ids are `${prefix}-${field.id}`, unique inside one shadow root. */
export function numberFields(prefix: string, fields: readonly FigureField[], start: FigureValues, invalid: string | null, errorId: string) {
  return fields.map((field) => {
    const id = `${prefix}-${field.id}`;
    return html`<div class="field">
      <label for=${id}>${field.label}</label>
      <input
        id=${id}
        name=${field.id}
        type="number"
        inputmode=${field.integer ? 'numeric' : 'decimal'}
        min=${field.min}
        max=${field.max}
        step=${field.step}
        .value=${String(start[field.id])}
        aria-invalid=${invalid === field.id ? 'true' : 'false'}
        aria-describedby=${field.hint ? `${id}-hint ${errorId}` : errorId}
      />
      ${field.hint ? html`<span class="hint" id="${id}-hint">${field.hint}</span>` : nothing}
    </div>`;
  });
}

/** The fields' current values as numbers (NaN where a field holds nothing readable). */
export function readNumberFields(root: ParentNode, prefix: string, fields: readonly FigureField[]): Record<string, number> {
  return Object.fromEntries(fields.map((field) => [field.id, root.querySelector<HTMLInputElement>(`#${prefix}-${field.id}`)?.valueAsNumber ?? NaN]));
}
