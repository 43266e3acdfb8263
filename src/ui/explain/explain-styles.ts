/**
 * The look the walkthrough, its figures and the GPU explainer share: the theme's colours and
 * panels, headings, and their forms of labelled number inputs with a hint and an error line.
 * Each element adds what is its own.
 */
import { css } from 'lit';
import { panelStyles, themeTokens } from '../theme.ts';

const explainForms = css`
  h2 {
    font-size: 1.25rem;
  }
  h3 {
    font-size: 1.05rem;
    margin: 1rem 0 0.3rem;
  }
  form {
    display: flex;
    flex-wrap: wrap;
    align-items: start;
    gap: 0.5rem 1rem;
    margin: 0.5rem 0;
  }
  .field {
    display: grid;
    gap: 0.1rem;
  }
  label {
    font-weight: 600;
  }
  input,
  select {
    padding: 0.2rem 0.4rem;
  }
  input[type='number'] {
    width: 8rem;
  }
  [aria-invalid='true'] {
    border-color: var(--sw-fail);
  }
  .hint {
    color: var(--sw-muted);
    font-size: 0.85em;
    max-width: 16rem;
  }
  .error {
    color: var(--sw-fail);
    margin: 0;
    min-height: 1.2em;
  }
`;

export const explainStyles = [themeTokens, panelStyles, explainForms];
