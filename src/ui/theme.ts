/**
 * The page's colours as CSS custom properties, set on the app's host and inherited into
 * every shadow root below it. Light and dark follow the system (prefers-color-scheme);
 * nothing moves, and under prefers-reduced-motion not even a hover transition does.
 * Styles reach the page as constructable stylesheets (Lit's adoptedStyleSheets), so the
 * Content-Security-Policy needs no 'unsafe-inline' for styles.
 */
import { css } from 'lit';

export const themeTokens = css`
  :host {
    color-scheme: light dark;
    --sw-bg: #ffffff;
    --sw-fg: #1b1f24;
    --sw-muted: #57606a;
    --sw-border: #d0d7de;
    --sw-surface: #f6f8fa;
    --sw-accent: #0969da;
    --sw-negative: #cf5c36;
    --sw-positive: #2f6fbd;
    --sw-special: #7a4fb3;
    --sw-grid: rgba(27, 31, 36, 0.12);
    --sw-run-1: #0969da;
    --sw-run-2: #9a3412;
    --sw-run-3: #1a7f37;
    --sw-run-4: #8250df;
    --sw-run-5: #bf3989;
    --sw-pass: #1a7f37;
    --sw-fail: #cf222e;
    --sw-transition: 120ms ease-out;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --sw-bg: #0d1117;
      --sw-fg: #e6edf3;
      --sw-muted: #9198a1;
      --sw-border: #3d444d;
      --sw-surface: #151b23;
      --sw-accent: #4493f8;
      --sw-negative: #f0885e;
      --sw-positive: #6cb6ff;
      --sw-special: #c297ff;
      --sw-grid: rgba(230, 237, 243, 0.14);
      --sw-run-1: #6cb6ff;
      --sw-run-2: #ffa657;
      --sw-run-3: #56d364;
      --sw-run-4: #d2a8ff;
      --sw-run-5: #ff9bce;
      --sw-pass: #3fb950;
      --sw-fail: #f85149;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    :host {
      --sw-transition: 0s;
    }
  }
`;

/** Shared look of panels and form controls in the leaf elements. */
export const panelStyles = css`
  :host {
    display: block;
  }
  section {
    border: 1px solid var(--sw-border);
    border-radius: 8px;
    background: var(--sw-surface);
    padding: 0.75rem 1rem;
  }
  h2 {
    font-size: 1rem;
    margin: 0 0 0.5rem;
  }
  button,
  input,
  select {
    font: inherit;
    border-radius: 6px;
    border: 1px solid var(--sw-border);
    background: var(--sw-bg);
    color: var(--sw-fg);
  }
  button {
    padding: 0.3rem 0.8rem;
    cursor: pointer;
    transition: border-color var(--sw-transition);
  }
  button:hover:not(:disabled) {
    border-color: var(--sw-accent);
  }
  button:disabled {
    cursor: default;
    opacity: 0.5;
  }
  :focus-visible {
    outline: 2px solid var(--sw-accent);
    outline-offset: 2px;
  }
`;

/** A chart in a figure: the plot box Chart.js sizes itself to (its height set by each chart), and a caption. */
export const figureStyles = css`
  .plot {
    position: relative;
  }
  figure {
    margin: 0;
  }
  figcaption {
    color: var(--sw-muted);
    font-size: 0.9em;
    margin-top: 0.4rem;
  }
`;

/** Tables of numbers (self-check, time to zero, statistics). */
export const tableStyles = css`
  table {
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    text-align: left;
    padding: 0.15rem 0.8rem 0.15rem 0;
    vertical-align: top;
  }
`;

/** A colour token's value as computed on `element` (charts draw on canvases, outside CSS). */
export function themeColour(element: Element, name: string, fallback: string): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || fallback;
}
