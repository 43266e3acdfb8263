/**
 * Typeset TeX in Lit templates with KaTeX, under the page's strict Content-Security-Policy.
 *
 * Why this way: `katex.renderToString` gives markup that would have to go through
 * innerHTML (a Trusted Types sink) and carries inline `style="…"` attributes, which
 * `style-src 'self'` refuses. `katex.render` instead builds the tree with createElement,
 * setAttribute and the CSSOM (`node.style`), none of which the policy restricts, so the
 * `tex` directive renders into a fresh element and hands Lit the node. KaTeX's stylesheet
 * comes in as text (`?inline`, through Vite, which rewrites its font URLs to files it
 * serves) and is adopted as a constructable stylesheet: in each shadow root that shows
 * maths (`katexStyles`), and once on the document, because Chromium ignores @font-face
 * rules inside shadow roots.
 *
 * Not here: which equations (notebook-equations.ts), numbers in TeX (tex-number.ts).
 */
import katex from 'katex';
import katexCss from 'katex/dist/katex.min.css?inline';
import { unsafeCSS, type CSSResult } from 'lit';
import { Directive, directive } from 'lit/directive.js';

/** KaTeX's rules, for an element's `static styles`. */
export const katexStyles: CSSResult = unsafeCSS(katexCss);

let fontsAdopted = false;

/** Puts KaTeX's stylesheet (its @font-face rules above all) on the document, once. */
function adoptFonts(): void {
  if (fontsAdopted || typeof document === 'undefined') return;
  fontsAdopted = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(katexCss);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

class TexDirective extends Directive {
  private _key = '';
  private _node: HTMLElement | null = null;

  render(expression: string, display = false): HTMLElement {
    const key = `${display ? 'D' : 'I'}${expression}`;
    if (this._node && key === this._key) return this._node;
    adoptFonts();
    const node = document.createElement(display ? 'div' : 'span');
    node.className = display ? 'tex tex-display' : 'tex';
    // Every expression is tested to parse (test/ui/explain/); an error would show in place, in red.
    katex.render(expression, node, { displayMode: display, throwOnError: false, strict: 'ignore', output: 'htmlAndMathml' });
    this._key = key;
    this._node = node;
    return node;
  }
}

/** `${tex('w \\leftarrow w - \\lambda')}`: the expression typeset; `display` for a block of its own. */
export const tex = directive(TexDirective);
