/**
 * `<sparsewatch-gpu-explainer>`: how the GPU does it. The update kernel's WGSL with the
 * lines of each part of the rule highlighted for the rule picked and tied to the equation
 * they implement (wgsl-regions.ts reads the markers in the shader); how N parameters map to
 * shards × workgroups × threads × vec4 on this device, by the engine's own sizing functions
 * (kernel-mapping.ts); and the live steps/s, parameters/s and GB/s against the device's copy
 * bandwidth, measured once at start-up (copy-bandwidth.ts).
 *
 * Properties down from the app: the running engines and the live step rate. On the CPU
 * engine it says the GPU is not in use and shows the layout WebGPU would use with the spec's
 * default limits. The WGSL text and the sizing functions are loaded by dynamic import (never
 * the GPU engine itself), so the page's first load carries no shader text.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { checkParamCount, toUpdateParams } from '../../engine/checks.ts';
import { ConfigError } from '../../engine/config-error.ts';
import { RULE_NAMES, type Engine, type RuleName } from '../../engine/types.ts';
import { RULE_LABELS } from '../settings.ts';
import { formatCount, formatRate } from '../snapshot-summary.ts';
import { copyBandwidthOf, type CopyBandwidth } from './copy-bandwidth.ts';
import { explainStyles } from './explain-styles.ts';
import {
  describeShardGroup,
  formatGBps,
  groupShards,
  kernelLayout,
  rooflineFraction,
  SPEC_DEFAULT_LIMITS,
  throughput,
  type EngineSizing,
  type LayoutLimits,
} from './kernel-mapping.ts';
import { katexStyles, tex } from './tex.ts';
import { FORM_PARTS, kernelPartLines, linesByPart, PART_INFO, type KernelPart, type LineRange } from './wgsl-regions.ts';
import { tokenizeLine, type Token } from './wgsl-tokens.ts';

interface KernelFacts {
  sizing: EngineSizing;
  /** The kernel's lines, lexed once. */
  lines: Token[][];
  parts: Record<KernelPart, LineRange[]>;
}

type CopyState = { status: 'none' } | { status: 'measuring' } | { status: 'done'; result: CopyBandwidth } | { status: 'failed'; message: string };


/** The device of a WebGPU engine (the GPU engine exposes it), or null. */
function deviceOf(engine: Engine | undefined): GPUDevice | null {
  return engine?.kind === 'webgpu' && 'device' in engine ? (engine as { device: GPUDevice }).device : null;
}

async function loadKernelFacts(): Promise<KernelFacts> {
  const [dispatch, shards, shaders] = await Promise.all([
    import('../../engine/gpu/dispatch.ts'),
    import('../../engine/gpu/shards.ts'),
    import('../../engine/gpu/shaders.ts'),
  ]);
  const source = shaders.KERNEL_SOURCES.update;
  return {
    sizing: { WORKGROUP_SIZE: dispatch.WORKGROUP_SIZE, engineGrid: dispatch.engineGrid, maxShardParamsFor: shards.maxShardParamsFor, planShards: shards.planShards },
    lines: source.split('\n').map(tokenizeLine),
    parts: kernelPartLines(source),
  };
}

const RANGE_TEXT = (ranges: readonly LineRange[]) => ranges.map(({ first, last }) => (first === last ? `line ${first}` : `lines ${first}–${last}`)).join(', ');

@customElement('sparsewatch-gpu-explainer')
export class SparsewatchGpuExplainer extends LitElement {
  static override styles = [
    explainStyles,
    katexStyles,
    css`
      :host {
        margin-top: 1rem;
      }
      .kernel {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(16rem, 2fr);
        gap: 1rem;
        align-items: start;
      }
      @media (max-width: 60rem) {
        .kernel {
          grid-template-columns: 1fr;
        }
      }
      pre {
        margin: 0;
        max-height: 32rem;
        overflow: auto;
        font: 0.8rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        background: var(--sw-bg);
        border: 1px solid var(--sw-border);
        border-radius: 6px;
        padding: 0.4rem 0;
      }
      .line {
        display: block;
        padding: 0 0.6rem 0 0;
        border-left: 4px solid transparent;
        white-space: pre;
      }
      /* Light enough that every token colour below keeps 4.5:1 contrast on it (WCAG AA). */
      .line[data-parts] {
        background: color-mix(in srgb, var(--sw-accent) 10%, var(--sw-bg));
        border-left-color: var(--sw-accent);
      }
      .number {
        display: inline-block;
        width: 3.2em;
        padding-right: 0.8em;
        text-align: right;
        color: var(--sw-muted);
        user-select: none;
      }
      .tag {
        margin-left: 1em;
        padding: 0 0.35em;
        border-radius: 4px;
        background: var(--sw-accent);
        color: var(--sw-bg);
        font-weight: 700;
      }
      .t-comment {
        color: var(--sw-muted);
        font-style: italic;
      }
      .t-keyword {
        color: var(--sw-special);
        font-weight: 600;
      }
      .t-type,
      .t-attribute {
        color: var(--sw-run-2);
      }
      .t-builtin {
        font-weight: 600;
      }
      ol {
        padding-left: 1.4rem;
        margin: 0.4rem 0;
      }
      ol li {
        margin-bottom: 0.5rem;
      }
      button {
        font-size: 0.85em;
        padding: 0.1rem 0.5rem;
      }
      .field {
        max-width: 20rem;
      }
      .notice {
        border-left: 4px solid var(--sw-negative);
        padding-left: 0.6rem;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.2rem 1rem;
        margin: 0.4rem 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
        font-variant-numeric: tabular-nums;
      }
      meter {
        width: min(24rem, 100%);
        height: 1.2rem;
      }
    `,
  ];

  /** The session's engines, one per run (all of one kind); empty before they start. */
  @property({ attribute: false }) engines: readonly Engine[] = [];
  /** Steps per second of the running session, or null when it is not running. */
  @property({ attribute: false }) stepsPerSecond: number | null = null;

  @state() private _facts: KernelFacts | null = null;
  @state() private _factsError: string | null = null;
  @state() private _rule: RuleName = 'l1-prox';
  @state() private _copy: CopyState = { status: 'none' };
  /** The N the reader typed, or null to follow the running engines. */
  @state() private _n: number | null = null;
  @state() private _nError: ConfigError | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this._facts) {
      loadKernelFacts().then(
        (facts) => (this._facts = facts),
        (error: unknown) => (this._factsError = `The kernel's source could not be loaded: ${(error as Error).message}`),
      );
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('engines')) return;
    const device = deviceOf(this.engines[0]);
    if (!device) {
      this._copy = { status: 'none' };
      return;
    }
    if (this._copy.status !== 'none') return;
    this._copy = { status: 'measuring' };
    copyBandwidthOf(device).then(
      (result) => {
        if (deviceOf(this.engines[0]) === device) this._copy = { status: 'done', result };
      },
      (error: unknown) => {
        if (deviceOf(this.engines[0]) === device) this._copy = { status: 'failed', message: (error as Error).message };
      },
    );
  }

  override render() {
    const engine = this.engines[0];
    const gpu = deviceOf(engine) !== null;
    return html`<section aria-labelledby="gpu-heading" data-engine-kind=${engine?.kind ?? 'none'}>
      <h2 id="gpu-heading">How the GPU does it</h2>
      ${engine && !gpu
        ? html`<p class="notice" data-gpu-unused>
            The GPU is not in use: this page runs the CPU engine, the same rule in TypeScript. Below is the kernel WebGPU would run,
            and how it would lay the weights out with the WebGPU spec's default limits.
          </p>`
        : nothing}
      <p>
        One fused pass per step: each invocation reads a vec4 of weights and one of gradients (16 bytes each), applies the rule to
        the four lanes at once and writes the weights back, ${tex('12')} bytes per parameter per step in all. Sparsity statistics,
        when a snapshot is due, are counted in the same pass.
      </p>
      ${this._factsError ? html`<p class="error" role="alert">${this._factsError}</p>` : nothing} ${this._renderKernel()} ${this._renderLayout(engine, gpu)}
      ${this._renderRates(engine, gpu)}
    </section>`;
  }

  private _renderKernel() {
    const facts = this._facts;
    if (!facts) return html`<p role="status">Loading the kernel…</p>`;
    // The listing is a few thousand template parts: built again only when the rule changes,
    // not on every frame that brings a new live rate.
    return guard([facts, this._rule], () => this._kernelListing(facts));
  }

  private _kernelListing(facts: KernelFacts) {
    const form = toUpdateParams({ rule: this._rule, lr: 1, l1: 0, l2: 0 }).l1Form;
    const parts = FORM_PARTS[form];
    const byLine = linesByPart(facts.lines.length, facts.parts, parts);
    const firstLines = new Map(parts.flatMap((part) => facts.parts[part].map((range) => [range.first, part] as const)));
    return html`<h3>The update kernel, shaders/update.wgsl</h3>
      <div class="field">
        <label for="gpu-rule">Highlight the lines of the rule</label>
        <select id="gpu-rule" @change=${(e: Event) => (this._rule = (e.target as HTMLSelectElement).value as RuleName)}>
          ${RULE_NAMES.map((rule) => html`<option value=${rule} ?selected=${rule === this._rule}>${RULE_LABELS[rule]}</option>`)}
        </select>
      </div>
      <p>
        The rule runs as the <code>${form}</code> pipeline${this._rule === 'l2' || this._rule === 'none'
          ? html` with ${tex('\\eta\\lambda_1 = 0')}, so its L1 step subtracts nothing`
          : nothing}. Numbered lines belong to the part of the same number.
      </p>
      <div class="kernel">
        <pre tabindex="0" aria-label="shaders/update.wgsl, ${facts.lines.length} lines" data-kernel-source><code>${facts.lines.map((line, i) => {
          const covering = byLine[i]!;
          const starts = firstLines.get(i + 1);
          return html`<span class="line" id="wgsl-${i + 1}" data-parts=${covering.length > 0 ? covering.join(' ') : nothing}><span class="number" aria-hidden="true">${i + 1}</span>${line.map(
            (t) => (t.kind === 'text' ? t.text : html`<span class="t-${t.kind}">${t.text}</span>`),
          )}${starts ? html`<span class="tag">${parts.indexOf(starts) + 1}</span>` : nothing}</span>`;
        })}</code></pre>
        <ol data-parts-list>
          ${parts.map(
            (part) => html`<li data-part=${part}>
              ${PART_INFO[part].title} ${tex(PART_INFO[part].tex, true)}
              <button type="button" @click=${() => this._show(facts.parts[part][0]!.first)}>Show ${RANGE_TEXT(facts.parts[part])}</button>
            </li>`,
          )}
        </ol>
      </div>`;
  }

  /** Scrolls the listing (not the page) to put `line` in view. */
  private _show(line: number): void {
    const listing = this.renderRoot.querySelector<HTMLElement>('pre');
    const target = this.renderRoot.querySelector<HTMLElement>(`#wgsl-${line}`);
    if (listing && target) listing.scrollTop = target.offsetTop - listing.offsetTop - listing.clientHeight / 3;
  }

  private _renderLayout(engine: Engine | undefined, gpu: boolean) {
    const facts = this._facts;
    if (!facts) return nothing;
    const device = gpu ? deviceOf(engine) : null;
    const limits: LayoutLimits = device ? device.limits : SPEC_DEFAULT_LIMITS;
    const n = this._n ?? engine?.paramCount ?? null;
    const layout = n === null ? null : kernelLayout(n, limits, facts.sizing);
    const runs = this.engines.length;
    return html`<h3>From N weights to threads</h3>
      <p>
        ${device ? 'This device' : 'With the spec defaults, a device'} binds at most ${formatCount(limits.maxStorageBufferBindingSize)} bytes to one storage
        buffer (and allocates at most ${formatCount(limits.maxBufferSize)} in one), so a shard holds at most
        ${formatCount(facts.sizing.maxShardParamsFor(limits))} weights; a grid has at most ${formatCount(limits.maxComputeWorkgroupsPerDimension)} workgroups per
        dimension. Each shard gets one dispatch, all inside one compute pass; a workgroup is ${formatCount(facts.sizing.WORKGROUP_SIZE)} threads, and
        a few long-lived workgroups loop over the shard (the grid-stride loop above).
      </p>
      <div class="field">
        <label for="gpu-n">Lay out this many weights</label>
        <input
          id="gpu-n"
          type="number"
          inputmode="numeric"
          min="1"
          step="1"
          .value=${n === null ? '' : String(n)}
          aria-invalid=${this._nError ? 'true' : 'false'}
          aria-describedby="gpu-n-error"
          @input=${this._onN}
        />
      </div>
      <p class="error" id="gpu-n-error" role="alert">${this._nError?.message ?? ''}</p>
      ${layout
        ? html`<p data-layout data-shards=${layout.shards.length}>
              ${formatCount(layout.paramCount)} weights ${device ? '' : 'would '}make ${formatCount(layout.shards.length)}
              ${layout.shards.length === 1 ? 'shard' : 'shards'}${runs > 1 && this._n === null ? `, per run (${runs} runs in lockstep, one engine each)` : ''}.
            </p>
            <ul>
              ${groupShards(layout.shards).map((group) => html`<li>${describeShardGroup(group, layout.workgroupSize)}</li>`)}
            </ul>`
        : nothing}`;
  }

  private _onN(event: Event): void {
    const value = (event.target as HTMLInputElement).valueAsNumber;
    try {
      this._n = checkParamCount(value);
      this._nError = null;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this._nError = error;
    }
  }

  private _renderRates(engine: Engine | undefined, gpu: boolean) {
    if (!engine) return nothing;
    const rate = this.stepsPerSecond;
    const live = rate === null ? null : throughput(rate, engine.paramCount, this.engines.length);
    const copy = this._copy;
    const copyRate = copy.status === 'done' ? copy.result.bytesPerSecond : null;
    const fraction = live && copyRate !== null ? rooflineFraction(live.bytesPerSecond, copyRate) : null;
    return html`<h3>Live: the update against the memory roofline</h3>
      <p>
        The update moves ${tex('12')} bytes per parameter per step (read ${tex('w')} and ${tex('g')}, write ${tex('w')}), so on a GPU
        it is bound by memory bandwidth, and a plain buffer copy is the ceiling it can be held to. Counted over every run; the
        problem's own gradient work and the snapshots' readback are not.
      </p>
      <dl data-rates>
        <dt>Steps per second</dt>
        <dd data-steps-per-second>${live ? formatRate(live.stepsPerSecond) : 'not running: press Start'}</dd>
        <dt>Parameters per second</dt>
        <dd>${live ? formatCount(Math.round(live.paramsPerSecond)) : '—'}</dd>
        <dt>Update bandwidth</dt>
        <dd data-update-gbps>${live ? formatGBps(live.bytesPerSecond) : '—'}</dd>
        <dt>Copy bandwidth</dt>
        <dd data-copy=${copy.status} data-copy-gbps=${copyRate === null ? nothing : copyRate / 1e9}>${this._copyText(copy, gpu)}</dd>
      </dl>
      ${gpu
        ? html`<label for="gpu-roofline">Share of the copy bandwidth the update reaches</label>
            <div>
              <meter id="gpu-roofline" min="0" max="1" low="0.25" high="0.75" optimum="1" .value=${fraction ?? 0}></meter>
              <span data-roofline>${fraction === null ? '—' : `${(fraction * 100).toFixed(1)}%`}</span>
            </div>`
        : nothing}`;
  }

  private _copyText(copy: CopyState, gpu: boolean): string {
    switch (copy.status) {
      case 'none':
        return gpu ? 'not measured yet' : 'no GPU in use';
      case 'measuring':
        return 'measuring…';
      case 'failed':
        return `could not be measured (${copy.message})`;
      case 'done': {
        const { result } = copy;
        return `${formatGBps(result.bytesPerSecond)} (copyBufferToBuffer of ${formatCount(result.bytes / 2 ** 20)} MiB × ${formatCount(result.copies)} at start-up, reading and writing each byte)`;
      }
      default:
        copy satisfies never;
        return '';
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-gpu-explainer': SparsewatchGpuExplainer;
  }
}
