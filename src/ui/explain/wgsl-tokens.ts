/**
 * Just enough WGSL lexing to colour a listing: comments, keywords, types and built-in
 * functions, attributes, numbers, everything else as text. Line by line (WGSL's block
 * comments are not used in the project's shaders and are shown as text). No DOM: the
 * explainer renders the tokens as Lit templates, never as HTML strings.
 */

export type TokenKind = 'comment' | 'keyword' | 'type' | 'builtin' | 'attribute' | 'number' | 'text';

export interface Token {
  kind: TokenKind;
  text: string;
}

const KEYWORDS = new Set(['fn', 'let', 'var', 'const', 'override', 'struct', 'if', 'else', 'for', 'while', 'loop', 'return', 'switch', 'case', 'default', 'break', 'continue', 'true', 'false']);
const TYPES = /^(?:bool|f32|f16|i32|u32|vec[234]|mat\dx\d|array|atomic|ptr|uniform|storage|workgroup|private|read_write|read)$/;
const BUILTINS = new Set(['select', 'bitcast', 'sign', 'max', 'min', 'abs', 'dot', 'atomicAdd', 'atomicLoad', 'workgroupBarrier']);

const TOKEN = /(\/\/.*$)|(@\w+)|(\b(?:0x[0-9a-fA-F]+|\d+(?:\.\d*)?(?:e[+-]?\d+)?)[uif]?\b)|(\b[A-Za-z_]\w*\b)/g;

export function tokenizeLine(line: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const push = (kind: TokenKind, text: string) => {
    const last = tokens.at(-1);
    if (kind === 'text' && last?.kind === 'text') last.text += text;
    else if (text !== '') tokens.push({ kind, text });
  };
  for (const match of line.matchAll(TOKEN)) {
    push('text', line.slice(at, match.index));
    const [text, comment, attribute, number, word] = match;
    if (comment) push('comment', text);
    else if (attribute) push('attribute', text);
    else if (number) push('number', text);
    else if (word && KEYWORDS.has(word)) push('keyword', text);
    else if (word && TYPES.test(word)) push('type', text);
    else if (word && BUILTINS.has(word)) push('builtin', text);
    else push('text', text);
    at = match.index + text.length;
  }
  push('text', line.slice(at));
  return tokens;
}
