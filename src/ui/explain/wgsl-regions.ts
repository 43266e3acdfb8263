/**
 * The update kernel's lines tied to the maths: shaders/update.wgsl marks each part of the
 * rule with `// #region <part>` … `// #endregion <part>` comments, and this finds them, so
 * the explainer's highlights follow the shader when it is edited (a part whose markers go
 * missing is an error, and a test checks every part is found). What each part computes, as
 * TeX, and which parts each L1 form runs, are stated here from the engine's contract
 * (src/engine/types.ts), not read from the WGSL. No DOM.
 */
import type { L1Form } from '../../engine/types.ts';

export const KERNEL_PARTS = ['grid-stride', 'read-flush', 'sign-of-w', 'gradient-decay', 'sign-step', 'clip', 'prox', 'write-flush', 'non-finite'] as const;
export type KernelPart = (typeof KERNEL_PARTS)[number];

export interface PartInfo {
  title: string;
  /** What the lines compute, in TeX (per lane of a vec4: four weights at once). */
  tex: string;
}

export const PART_INFO: Readonly<Record<KernelPart, PartInfo>> = {
  'grid-stride': {
    title: 'the thread of workgroup g with local index ℓ takes vec4s i, i + T, i + 2T, … of its shard (T threads in the grid)',
    tex: 'i = 256\\,g + \\ell,\\quad i < \\lceil N_{\\text{shard}}/4 \\rceil',
  },
  'read-flush': { title: 'subnormal w and g read as 0 (f32 contract)', tex: '|w| < 2^{-126} \\Rightarrow w = 0,\\quad |g| < 2^{-126} \\Rightarrow g = 0' },
  'sign-of-w': { title: 'the sign of the weight, sign(0) = 0', tex: 's = \\operatorname{sign}(w)' },
  'gradient-decay': { title: 'the gradient step and the L2 decay: eq. (4), and the data term of eqs. (1)–(3)', tex: 'u = (w - \\eta g) - \\eta\\lambda_2 w' },
  'sign-step': { title: 'the L1 sign step: eqs. (3a) and (3b)', tex: "w' = u - \\eta\\lambda_1 s" },
  clip: { title: 'clipped: stop at 0 when the L1 step reached or crossed it', tex: "w' = 0 \\text{ if } s \\neq 0,\\ s\\,u \\ge 0,\\ s\\,(u - \\eta\\lambda_1 s) < 0" },
  prox: { title: 'proximal: the soft threshold', tex: "w' = \\operatorname{sign}(u)\\max(|u| - \\eta\\lambda_1, 0)" },
  'write-flush': { title: 'a zero or subnormal result written as +0', tex: "|w'| < 2^{-126} \\Rightarrow w' = +0" },
  'non-finite': { title: 'NaN and ±Inf found by their bits: a non-finite weight is kept, a non-finite gradient makes NaN', tex: "w \\notin \\mathbb{R} \\Rightarrow w' = w,\\quad g \\notin \\mathbb{R} \\Rightarrow w' = \\text{NaN}" },
};

/**
 * The parts a pipeline of each L1 form runs. Rules `none` and `l2` run the sign form with
 * ηλ1 = 0, so their L1 step subtracts 0 (see checks.ts, `toUpdateParams`).
 */
export const FORM_PARTS: Readonly<Record<L1Form, readonly KernelPart[]>> = {
  sign: ['grid-stride', 'read-flush', 'sign-of-w', 'gradient-decay', 'sign-step', 'write-flush', 'non-finite'],
  clip: ['grid-stride', 'read-flush', 'sign-of-w', 'gradient-decay', 'sign-step', 'clip', 'write-flush', 'non-finite'],
  prox: ['grid-stride', 'read-flush', 'gradient-decay', 'prox', 'write-flush', 'non-finite'],
};

/** Lines `first` to `last` of the source, 1-based and inclusive, between a pair of markers. */
export interface LineRange {
  first: number;
  last: number;
}

const MARKER = /^\s*\/\/\s*#(region|endregion)\b\s*(\S*)\s*$/;

/**
 * Every marked region of a WGSL source, by name (a part may be marked more than once).
 * Throws an Error naming the line for an unnamed, unclosed, unopened or mismatched marker.
 */
export function findRegions(source: string): Map<string, LineRange[]> {
  const regions = new Map<string, LineRange[]>();
  const open: { name: string; line: number }[] = [];
  source.split('\n').forEach((text, index) => {
    const line = index + 1;
    const marker = MARKER.exec(text);
    if (!marker) return;
    const [, kind, name] = marker as unknown as [string, 'region' | 'endregion', string];
    if (name === '') throw new Error(`WGSL line ${line}: #${kind} needs a name`);
    if (kind === 'region') {
      open.push({ name, line });
      return;
    }
    const start = open.pop();
    if (!start || start.name !== name) throw new Error(`WGSL line ${line}: #endregion ${name} closes ${start ? `#region ${start.name} (line ${start.line})` : 'no region'}`);
    if (line - start.line < 2) throw new Error(`WGSL line ${line}: region ${name} is empty`);
    const ranges = regions.get(name) ?? [];
    ranges.push({ first: start.line + 1, last: line - 1 });
    regions.set(name, ranges);
  });
  const unclosed = open.pop();
  if (unclosed) throw new Error(`WGSL line ${unclosed.line}: #region ${unclosed.name} is never closed`);
  return regions;
}

/** The kernel's parts by line: each known part's ranges. Throws if a part is not marked or an unknown one is. */
export function kernelPartLines(source: string): Record<KernelPart, LineRange[]> {
  const regions = findRegions(source);
  for (const name of regions.keys()) {
    if (!(KERNEL_PARTS as readonly string[]).includes(name)) throw new Error(`WGSL region ${name} is not a kernel part (${KERNEL_PARTS.join(', ')})`);
  }
  return Object.fromEntries(
    KERNEL_PARTS.map((part) => {
      const ranges = regions.get(part);
      if (!ranges) throw new Error(`WGSL has no region ${part}: mark its lines with // #region ${part} … // #endregion ${part}`);
      return [part, ranges];
    }),
  ) as Record<KernelPart, LineRange[]>;
}

/** Per source line (index 0 is line 1), the parts among `parts` that cover it. */
export function linesByPart(lineCount: number, partLines: Record<KernelPart, LineRange[]>, parts: readonly KernelPart[]): KernelPart[][] {
  const byLine = Array.from({ length: lineCount }, (): KernelPart[] => []);
  for (const part of parts) {
    for (const { first, last } of partLines[part]) for (let line = first; line <= last; line++) byLine[line - 1]?.push(part);
  }
  return byLine;
}
