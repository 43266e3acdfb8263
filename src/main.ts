/**
 * The page's entry point: defines the custom elements and takes away the body's default
 * margin, so `<sparsewatch-app>` (which paints the page in the theme's colours) reaches the
 * edges. The rule goes in as a constructable stylesheet, which the Content-Security-Policy
 * allows where a <style> element would not be. `<sparsewatch-app>` in index.html takes it
 * from there (engine choice, self-check, training).
 */
import { css } from 'lit';
import './ui/sparsewatch-app.ts';

const page = css`
  body {
    margin: 0;
  }
`.styleSheet;
if (page) document.adoptedStyleSheets = [...document.adoptedStyleSheets, page];
