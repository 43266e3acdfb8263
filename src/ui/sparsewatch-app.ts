/**
 * `<sparsewatch-app>`: the mediator. It owns the session: reads the URL (url-state.ts),
 * creates the engines (engines.ts: WebGPU with 2^20 weights per run, else the CPU engine
 * with 2^16), the lockstep training loop, one record per run, the checked settings and the
 * self-check, and passes plain values down to the leaf elements, which send intents back
 * up as events. It keeps the URL in step with the form (history.replaceState), maps keys to
 * commands (keyboard.ts), and saves and loads files in the page. It renders at most once per
 * animation frame; the loop itself runs on macrotasks (training-loop.ts).
 *
 * Not here: data shaping (histogram-data.ts, heatmap-data.ts, metrics-history.ts,
 * snapshot-summary.ts), validation rules (settings.ts and the engine's checks), Chart.js and
 * canvas drawing (charts/, controllers/).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { decodeCheckpoint, encodeCheckpoint } from '../data/checkpoint.ts';
import { ConfigError } from '../engine/config-error.ts';
import type { Engine, Snapshot, UpdateParams } from '../engine/types.ts';
import { MAX_TRACKED, runLabel } from '../problems/walkthrough.ts';
import { canvasPng, fileName, saveBlob } from './download.ts';
import { destroyEngineSet, rebuildEngineSet, resolveSize, startEngineSet, type EngineSet } from './engines.ts';
import type { ExportKind, TrainCommand } from './events.ts';
import { shortcutFor } from './keyboard.ts';
import { metricsCsv } from './metrics-history.ts';
import { RateMeter } from './rate-meter.ts';
import { RunRecord } from './run-record.ts';
import { runSelfCheck, type SelfCheckResult } from './self-check.ts';
import { checkField, defaultDraft, GPU_PARAM_COUNT, initFor, MAX_PARAM_COUNT, parseSettings, type Settings, type SettingsDraft } from './settings.ts';
import { formatCount } from './snapshot-summary.ts';
import type { FieldError } from './sparsewatch-controls.ts';
import type { FilesMessage } from './sparsewatch-files.ts';
import type { RunNames } from './sparsewatch-histogram.ts';
import type { LineInput } from './sparsewatch-series-chart.ts';
import type { SelfCheckState } from './sparsewatch-self-check.ts';
import { themeColour, themeTokens } from './theme.ts';
import { TrainingLoop } from './training-loop.ts';
import { parseUrlState, serialiseUrlState, type Panel } from './url-state.ts';
import './sparsewatch-controls.ts';
import './sparsewatch-files.ts';
import './sparsewatch-heatmap.ts';
import './sparsewatch-histogram.ts';
import './sparsewatch-self-check.ts';
import './sparsewatch-series-chart.ts';
import './sparsewatch-stats.ts';
import './sparsewatch-time-to-zero.ts';

// The explanatory parts (KaTeX with them) load after the app, in chunks of their own.
void import('./explain/sparsewatch-walkthrough.ts');
void import('./explain/sparsewatch-gpu-explainer.ts');

type EngineState =
  | { status: 'loading' }
  | { status: 'ready'; kind: Engine['kind']; deviceName: string; paramCount: number; runs: number; reason: string; defaultSize: boolean }
  | { status: 'failed'; message: string };

/** Weights followed for time to zero: a table a person reads, well under the walkthrough's readback limit. */
const TRACKED_WEIGHTS = Math.min(8, MAX_TRACKED);
const RUN_NAMES = ['A', 'B'] as const;
const RUN_COLOURS = ['--sw-run-a', '--sw-run-b'] as const;
/** The largest checkpoint file read: the most weights a run may have, plus a generous header. */
const MAX_CHECKPOINT_BYTES = MAX_PARAM_COUNT * 4 + 1_000_000;

/** The line charts over steps. */
const SERIES_CHARTS = [
  {
    panel: 'zeros',
    heading: 'Exact zeros and near zeros',
    yTitle: 'fraction of weights',
    kind: 'fraction',
    caption:
      'Solid: exactly 0. Dashed: |w| < ε, counted from the power-of-two bins as |w| < 2^⌊log2 ε⌋ (a lower bound unless ε is a power of two); a new ε applies from the next snapshot.',
  },
  { panel: 'norms', heading: '‖w‖₁', yTitle: 'sum of |w|', kind: 'value', caption: '' },
] as const;

/** What the running engines were built with; a Reset rebuilds or redraws what differs. */
interface Built {
  problem: Settings['problem'];
  size: number;
  runs: number;
  seed: number;
}

@customElement('sparsewatch-app')
export class SparsewatchApp extends LitElement {
  static override styles = [
    themeTokens,
    css`
      /* The host paints the whole page, so text is always on the theme's own background. */
      :host {
        display: block;
        min-height: 100vh;
        background: var(--sw-bg);
        color: var(--sw-fg);
        font: 16px/1.45 system-ui, sans-serif;
      }
      .page {
        max-width: 84rem;
        margin: 0 auto;
        padding: 1rem 1.25rem 2rem;
      }
      header h1 {
        margin: 0;
        font-size: 1.6rem;
      }
      header p {
        margin: 0.25rem 0 0;
        color: var(--sw-muted);
      }
      .engine,
      .notice {
        margin: 0.75rem 0 1rem;
        padding: 0.5rem 0.75rem;
        border-left: 4px solid var(--sw-accent);
        background: var(--sw-surface);
      }
      .engine[data-engine='cpu'] {
        border-left-color: var(--sw-negative);
      }
      .failed,
      .notice {
        border-left-color: var(--sw-fail);
      }
      .notice h2 {
        font-size: 1rem;
        margin: 0;
      }
      .notice ul {
        margin: 0.25rem 0 0;
        padding-left: 1.25rem;
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(16rem, 24rem) minmax(0, 1fr);
        gap: 1rem;
        align-items: start;
      }
      .side,
      .main {
        display: grid;
        gap: 1rem;
      }
      .charts {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr));
        gap: 1rem;
      }
      sparsewatch-self-check {
        margin-top: 1rem;
      }
      @media (max-width: 52rem) {
        .layout {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];

  @state() private _engineState: EngineState = { status: 'loading' };
  @state() private _running = false;
  @state() private _busy = false;
  @state() private _error: FieldError | null = null;
  @state() private _values: SettingsDraft = defaultDraft();
  @state() private _urlProblems: string[] = [];
  @state() private _hide: Panel[] = [];
  /** Bumped once per animation frame with news, so the charts redraw from the records. */
  @state() private _frameCount = 0;
  @state() private _rate: number | null = null;
  @state() private _dropped = 0;
  @state() private _scrub: number | null = null;
  @state() private _filesMessage: FilesMessage | null = null;
  @state() private _selfCheck: SelfCheckState = { status: 'running', results: [] };

  private _set: EngineSet | null = null;
  private _loop: TrainingLoop | null = null;
  private _records: RunRecord[] = [];
  private _built: Built | null = null;
  /** The last draft that passed the checks: the URL shows it. */
  private _draft: SettingsDraft = defaultDraft();
  /** The last settings that passed the checks; the run uses these while the form shows an error. */
  private _settings: Settings = parseSettings(defaultDraft());
  /** Per running engine, its parameters and name; kept when the settings drop run B until a Reset removes its engine. */
  private _runParams: UpdateParams[] = [];
  private _runNames: string[] = [];
  private _autostart = false;
  private _frame = 0;
  private readonly _rateMeter = new RateMeter();
  /** Bumped on disconnect, so work started by an earlier connection does not touch this one. */
  private _session = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('settings-input', this._onSettingsInput);
    this.addEventListener('train-command', this._onCommand);
    this.addEventListener('self-check-request', this._onSelfCheckRequest);
    this.addEventListener('scrub', this._onScrub);
    this.addEventListener('export-request', this._onExport);
    this.addEventListener('checkpoint-load', this._onCheckpoint);
    globalThis.addEventListener('keydown', this._onKey);
    const url = parseUrlState(globalThis.location?.search ?? '');
    this._urlProblems = url.problems;
    this._draft = url.draft;
    this._values = url.draft;
    this._settings = parseSettings(url.draft);
    this._autostart = url.autostart;
    this._hide = url.hide;
    void this._start(++this._session);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('settings-input', this._onSettingsInput);
    this.removeEventListener('train-command', this._onCommand);
    this.removeEventListener('self-check-request', this._onSelfCheckRequest);
    this.removeEventListener('scrub', this._onScrub);
    this.removeEventListener('export-request', this._onExport);
    this.removeEventListener('checkpoint-load', this._onCheckpoint);
    globalThis.removeEventListener('keydown', this._onKey);
    this._session++;
    cancelAnimationFrame(this._frame);
    this._frame = 0;
    this._loop?.dispose();
    this._loop = null;
    if (this._set) destroyEngineSet(this._set, true);
    this._set = null;
  }

  override render() {
    const ready = this._engineState.status === 'ready' && !this._busy;
    const shown = (panel: Panel) => !this._hide.includes(panel);
    return html`<div class="page">
      <header>
        <h1>sparsewatch</h1>
        <p>Why L1 drives weights to exactly zero while L2 only shrinks them: the notebook's penalty-only walkthrough, live.</p>
        <p>
          Weights start in (0, 1) and the gradient is zero, so only the penalty acts. Press Start: run A, proximal L1, moves every
          weight by ηλ1 = 0.01 a step and zeroes all of them within 100 steps. Run B, L2 with λ2 = 0.01, starts from the same
          weights in lockstep and takes 1% of what is left each step: its weights shrink, but none reaches zero.
        </p>
      </header>
      <main>
        ${this._renderUrlProblems()} ${this._renderEngine()}
        <div class="layout">
          <div class="side">
            ${shown('controls')
              ? html`<sparsewatch-controls
                  data-panel="controls"
                  ?running=${this._running}
                  ?ready=${ready}
                  .error=${this._error}
                  .values=${this._values}
                  .pendingReset=${this._pendingReset()}
                ></sparsewatch-controls>`
              : nothing}
            ${shown('stats')
              ? html`<sparsewatch-stats
                  data-panel="stats"
                  .runs=${this._records.map((r, i) => ({ name: this._runTitle(i), snapshot: r.latest, stepped: r.stepped }))}
                  .stepsPerSecond=${this._running ? this._rate : null}
                  .droppedSnapshots=${this._dropped}
                  .epsilon=${this._settings.epsilon}
                ></sparsewatch-stats>`
              : nothing}
            ${shown('files')
              ? html`<sparsewatch-files data-panel="files" ?ready=${ready} ?compare=${this._records.length > 1} .message=${this._filesMessage}></sparsewatch-files>`
              : nothing}
          </div>
          <div class="main">${this._renderCharts(shown)}</div>
        </div>
        ${shown('self-check') ? html`<sparsewatch-self-check data-panel="self-check" .state=${this._selfCheck}></sparsewatch-self-check>` : nothing}
        <sparsewatch-walkthrough></sparsewatch-walkthrough>
        <sparsewatch-gpu-explainer .engines=${this._set?.engines ?? []} .stepsPerSecond=${this._running ? this._rate : null}></sparsewatch-gpu-explainer>
      </main>
    </div>`;
  }

  private _renderCharts(shown: (panel: Panel) => boolean) {
    const records = this._records;
    const [a, b] = this._shownSnapshots();
    const runs: RunNames = { a: this._runNames[0] ?? '', b: records.length > 1 ? (this._runNames[1] ?? '') : null };
    const zeroLines: LineInput[] = records.flatMap((r, i) => [
      { label: `${RUN_NAMES[i]} exactly 0`, rows: r.history.rows, key: 'exactZeroFraction', colour: RUN_COLOURS[i]!, dashed: false },
      { label: `${RUN_NAMES[i]} near 0`, rows: r.history.rows, key: 'nearZeroFraction', colour: RUN_COLOURS[i]!, dashed: true },
    ]);
    const normLines: LineInput[] = records.map((r, i) => ({ label: `${RUN_NAMES[i]} ‖w‖₁`, rows: r.history.rows, key: 'l1Norm', colour: RUN_COLOURS[i]!, dashed: false }));
    return html`
      ${shown('histogram')
        ? html`<sparsewatch-histogram data-panel="histogram" .snapshot=${a} .compare=${b} .runs=${runs} ?past=${this._scrub !== null}></sparsewatch-histogram>`
        : nothing}
      ${shown('heatmap')
        ? html`<sparsewatch-heatmap
            data-panel="heatmap"
            .runs=${records.map((r, i) => ({ name: this._runTitle(i), ring: r.ring }))}
            .scrub=${this._scrub}
            .frame=${this._frameCount}
          ></sparsewatch-heatmap>`
        : nothing}
      <div class="charts">
        ${SERIES_CHARTS.filter(({ panel }) => shown(panel)).map(
          ({ panel, heading, yTitle, kind, caption }) => html`<sparsewatch-series-chart
            data-panel=${panel}
            heading=${heading}
            y-title=${yTitle}
            kind=${kind}
            caption=${caption}
            .lines=${panel === 'zeros' ? zeroLines : normLines}
            .frame=${this._frameCount}
          ></sparsewatch-series-chart>`,
        )}
      </div>
      ${shown('time-to-zero')
        ? html`<sparsewatch-time-to-zero
            data-panel="time-to-zero"
            .tables=${records.map((r, i) => ({ name: this._runTitle(i), rows: r.tracker.rows(this._runParams[i]?.l1Step ?? 0) }))}
          ></sparsewatch-time-to-zero>`
        : nothing}
    `;
  }

  private _renderUrlProblems() {
    if (this._urlProblems.length === 0) return nothing;
    return html`<section class="notice" role="alert" data-url-problems>
      <h2>Some of this page's address could not be used</h2>
      <ul>
        ${this._urlProblems.map((p) => html`<li>${p}</li>`)}
      </ul>
    </section>`;
  }

  private _renderEngine() {
    const s = this._engineState;
    if (s.status === 'loading') return html`<p class="engine" role="status">Starting an engine…</p>`;
    if (s.status === 'failed') return html`<p class="engine failed" role="alert">${s.message}</p>`;
    const webgpu = s.kind === 'webgpu';
    return html`<p class="engine" role="status" data-engine=${s.kind}>
      Engine: <strong data-device>${webgpu ? s.deviceName : 'CPU'}</strong> (${webgpu ? 'WebGPU' : 'CPU fallback'}),
      ${formatCount(s.paramCount)} weights${s.runs > 1 ? ` per run, ${s.runs} runs in lockstep` : ''}${webgpu || !s.defaultSize
        ? ''
        : html` (fewer than the ${formatCount(GPU_PARAM_COUNT)} on WebGPU)`}.
      <span data-reason>${s.reason}</span>.
    </p>`;
  }

  /** "A (l1-prox)". */
  private _runTitle(i: number): string {
    return `${RUN_NAMES[i]} (${this._runNames[i] ?? ''})`;
  }

  /** The snapshots the histogram shows: the latest, or those of the scrubbed step. */
  private _shownSnapshots(): [Snapshot | null, Snapshot | null] {
    const pick = (r: RunRecord | undefined): Snapshot | null => {
      if (!r) return null;
      if (this._scrub === null) return r.latest;
      return r.ring.at(r.ring.indexAtOrBefore(this._scrub)) ?? r.latest;
    };
    return [pick(this._records[0]), pick(this._records[1])];
  }

  /** What a Reset would change, in words, or null. */
  private _pendingReset(): string | null {
    const built = this._built;
    if (!built || !this._set) return null;
    const s = this._settings;
    const changes: string[] = [];
    let size: number | null = null;
    try {
      size = resolveSize(this._set.kind, s.size);
    } catch {
      size = null;
    }
    if (s.problem !== built.problem) changes.push(`problem ${s.problem}`);
    if (size !== null && size !== built.size) changes.push(`${formatCount(size)} weights per run`);
    if (s.seed !== built.seed) changes.push(`seed ${s.seed}`);
    if (s.runs.length !== built.runs) changes.push(s.runs.length > 1 ? 'run B on' : 'run B off');
    return changes.length > 0 ? `Reset weights to apply: ${changes.join(', ')}.` : null;
  }

  private async _start(session: number): Promise<void> {
    const settings = this._settings;
    let set: EngineSet;
    try {
      try {
        set = await startEngineSet(settings.size, settings.runs.length, initFor(settings));
      } catch (error) {
        // A size the CPU fallback refuses (the URL may have been written on a WebGPU machine).
        if (!(error instanceof ConfigError) || error.field !== 'size') throw error;
        this._urlProblems = [...this._urlProblems, `${error.message}. Using the default.`];
        this._useDraft({ ...this._draft, size: null }, true);
        set = await startEngineSet(null, settings.runs.length, initFor(settings));
      }
    } catch (error) {
      if (session === this._session) this._engineState = { status: 'failed', message: `No engine could start: ${(error as Error).message}` };
      return;
    }
    if (session !== this._session) {
      destroyEngineSet(set, true);
      return;
    }
    this._install(set, null);
    if (this._autostart) this._loop?.start(this._settings.runSteps);
    if (set.kind === 'webgpu') {
      void this._runSelfCheck(session);
    } else {
      this._selfCheck = { status: 'unavailable', reason: `The self-check needs WebGPU, and this page runs on the CPU engine (${set.reason}).` };
    }
  }

  /** Puts a new set of engines to work (writing `weights` over every run's first draw, if given). */
  private _install(set: EngineSet, weights: Float32Array | null): void {
    const settings = this._settings;
    const engines = set.engines;
    const paramCount = engines[0]!.paramCount;
    if (weights) for (const engine of engines) engine.writeWeights(weights);
    this._set = set;
    this._built = { problem: settings.problem, size: paramCount, runs: engines.length, seed: settings.seed };
    this._runParams = engines.map((_, i) => settings.runs[i]!.params);
    this._runNames = engines.map((_, i) => runLabel(settings.runs[i]!.regulariser));
    this._records = engines.map(() => new RunRecord(Math.min(TRACKED_WEIGHTS, paramCount)));
    this._scrub = null;
    const defaultSize = settings.size === null;
    this._engineState = { status: 'ready', kind: set.kind, deviceName: set.deviceName, paramCount, runs: engines.length, reason: set.reason, defaultSize };
    this._loop = new TrainingLoop({
      runs: engines.map((engine, i) => ({ engine, params: () => this._runParams[i]! })),
      onSnapshot: (snapshot, afterStep, run) => this._onSnapshot(snapshot, afterStep, run),
      onStep: (step) =>
        this._records.forEach((record, i) => {
          if (record.tracker.wantsStep(step, this._runParams[i]?.l1Step ?? 0)) record.follow(engines[i]!);
        }),
      onRunningChange: (running) => {
        this._running = running;
        this._rateMeter.reset();
      },
      onError: (error) => {
        this._engineState = { status: 'failed', message: `The engine stopped: ${(error as Error).message}` };
      },
    });
    this._loop.requestSnapshot();
    this._records.forEach((record, i) => record.follow(engines[i]!));
  }

  private async _runSelfCheck(session: number): Promise<void> {
    const results: SelfCheckResult[] = [];
    this._selfCheck = { status: 'running', results };
    try {
      await runSelfCheck((result) => {
        if (session !== this._session) return;
        results.push(result);
        this._selfCheck = { status: 'running', results: [...results] };
      });
      if (session === this._session) this._selfCheck = { status: 'done', results: [...results] };
    } catch (error) {
      if (session === this._session) this._selfCheck = { status: 'error', message: (error as Error).message, results: [...results] };
    }
  }

  /** Records every snapshot as it comes; draws on the next frame: at most one render per frame. */
  private _onSnapshot(snapshot: Snapshot, afterStep: boolean, run: number): void {
    const record = this._records[run];
    const engine = this._set?.engines[run];
    if (!record || !engine) return;
    record.add(snapshot, afterStep, this._runNames[run] ?? '', this._settings.epsilon);
    record.follow(engine);
    if (run === 0) this._rateMeter.sample(snapshot.step, performance.now());
    this._requestFrame();
  }

  private _requestFrame(): void {
    if (this._frame !== 0) return;
    this._frame = requestAnimationFrame(() => {
      this._frame = 0;
      this._frameCount++;
      this._rate = this._rateMeter.rate();
      this._dropped = this._set?.engines.reduce((sum, e) => sum + e.droppedSnapshots, 0) ?? 0;
    });
  }

  /** Takes a checked draft as the settings: the running engines' parameters and names, and the URL. */
  private _useDraft(draft: SettingsDraft, intoForm = false): void {
    this._settings = parseSettings(draft);
    this._draft = draft;
    this._settings.runs.forEach((run, i) => {
      if (i >= this._runParams.length) return; // run B is off in the engines until a Reset
      this._runParams[i] = run.params;
      this._runNames[i] = runLabel(run.regulariser);
    });
    if (intoForm) this._values = draft;
    this.requestUpdate(); // run names, ε and what a Reset would change are read from the settings
    const search = serialiseUrlState({ draft, autostart: this._autostart, hide: this._hide });
    globalThis.history?.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
  }

  private _onSettingsInput = (event: CustomEvent<SettingsDraft>): void => {
    try {
      this._useDraft(event.detail);
      this._error = null;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this._error = { field: error.field, message: error.message };
    }
  };

  private _onCommand = (event: CustomEvent<TrainCommand>): void => {
    this._command(event.detail);
  };

  private _command(command: TrainCommand): void {
    const loop = this._loop;
    if (!loop || this._busy) return;
    switch (command) {
      case 'start':
        loop.start(this._settings.runSteps);
        break;
      case 'pause':
        loop.pause();
        break;
      case 'step':
        loop.stepOnce();
        break;
      case 'reset':
        void this._reset(null);
        break;
      default:
        command satisfies never;
    }
  }

  /** Space, S and R, unless focus is where those keys mean something else (keyboard.ts). */
  private _onKey = (event: KeyboardEvent): void => {
    if (event.defaultPrevented) return;
    const target = (event.composedPath()[0] ?? null) as (Element & { type?: string; isContentEditable?: boolean }) | null;
    const focus = target && 'tagName' in target ? { tagName: target.tagName, type: target.type, isContentEditable: target.isContentEditable } : null;
    const command = shortcutFor(event, focus, this._running);
    if (!command || !this._loop || this._busy) return;
    event.preventDefault(); // space would scroll the page
    this._command(command);
  };

  /**
   * Starts the runs again from the settings' weights (or `weights`, from a checkpoint): the
   * same engines redrawn when size and number of runs are unchanged, else new engines of
   * the same kind. If new engines cannot be made, the running ones are left as they were.
   */
  private async _reset(weights: Float32Array | null): Promise<void> {
    const set = this._set;
    const loop = this._loop;
    const built = this._built;
    if (!set || !loop || !built || this._busy) return;
    const settings = this._settings;
    let size: number;
    try {
      size = weights ? weights.length : resolveSize(set.kind, settings.size);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this._error = { field: error.field, message: error.message };
      return;
    }
    const init = initFor(settings);
    const session = this._session;
    this._busy = true;
    try {
      if (size === built.size && settings.runs.length === built.runs) {
        // Records are cleared between the old run's last snapshot and the new run's first.
        await loop.reset(init, (engine, i) => {
          if (weights) engine.writeWeights(weights);
          this._records[i]?.clear();
        });
        if (session !== this._session) return;
        this._built = { ...built, seed: settings.seed, problem: settings.problem };
        this._scrub = null;
        this._records.forEach((record, i) => record.follow(set.engines[i]!));
      } else {
        loop.pause();
        const next = await rebuildEngineSet(set, size, settings.runs.length, init);
        if (session !== this._session) {
          destroyEngineSet(next, false);
          return;
        }
        loop.dispose();
        destroyEngineSet(set, false);
        this._install(next, weights);
      }
    } catch (error) {
      this._error = { field: 'size', message: `The engines could not be rebuilt: ${(error as Error).message}` };
    } finally {
      this._busy = false;
    }
  }

  private _onSelfCheckRequest = (): void => {
    if (this._set?.kind === 'webgpu' && this._selfCheck.status !== 'running') void this._runSelfCheck(this._session);
  };

  private _onScrub = (event: CustomEvent<number | null>): void => {
    this._scrub = event.detail;
  };

  private _onExport = (event: CustomEvent<ExportKind>): void => {
    void this._export(event.detail).catch((error: unknown) => {
      this._filesMessage = { kind: 'error', text: `Saving failed: ${(error as Error).message}` };
    });
  };

  private async _export(kind: ExportKind): Promise<void> {
    const set = this._set;
    if (!set) return;
    const step = set.engines[0]!.stepCount;
    const canvasOf = (selector: string) => (this.renderRoot.querySelector(selector) as { canvas?: HTMLCanvasElement | null } | null)?.canvas ?? null;
    let blob: Blob;
    let name: string;
    switch (kind) {
      case 'metrics-csv':
        blob = new Blob([metricsCsv(this._records.map((r, i) => ({ name: RUN_NAMES[i]!, history: r.history })))], { type: 'text/csv' });
        name = fileName('metrics', step, 'csv');
        break;
      case 'histogram-png':
      case 'heatmap-png': {
        const canvas = canvasOf(kind === 'histogram-png' ? 'sparsewatch-histogram' : 'sparsewatch-heatmap');
        if (!canvas) throw new Error('that chart is hidden on this page');
        blob = await canvasPng(canvas, themeColour(this, '--sw-bg', '#ffffff'));
        name = fileName(kind === 'histogram-png' ? 'histogram' : 'heatmap', step, 'png');
        break;
      }
      case 'checkpoint-a':
      case 'checkpoint-b': {
        const run = kind === 'checkpoint-a' ? 0 : 1;
        const engine = set.engines[run];
        if (!engine) throw new Error('there is no run B');
        const stepAt = engine.stepCount;
        const weights = await engine.readWeights();
        const regulariser = this._settings.runs[run]?.regulariser ?? this._settings.runs[0]!.regulariser;
        const settings = { problem: this._built?.problem ?? 'walkthrough', seed: this._built?.seed ?? 0, ...regulariser, run: RUN_NAMES[run] };
        // The writer allocates a plain ArrayBuffer, which is what Blob's types ask for.
        blob = new Blob([encodeCheckpoint({ weights, step: stepAt, settings }) as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' });
        name = fileName(`run-${RUN_NAMES[run]}`, stepAt, 'safetensors');
        break;
      }
      default:
        kind satisfies never;
        return;
    }
    saveBlob(blob, name);
    this._filesMessage = { kind: 'info', text: `Saved ${name}.` };
  }

  private _onCheckpoint = (event: CustomEvent<File>): void => {
    void this._loadCheckpoint(event.detail);
  };

  /**
   * Reads a checkpoint and, only if every part of it is usable, makes its weights every
   * run's start and its rule and strengths run A's. Anything wrong is reported as the
   * ConfigError names it, and the session is left exactly as it was.
   */
  private async _loadCheckpoint(file: File): Promise<void> {
    const set = this._set;
    if (!set || this._busy) return;
    let weights: Float32Array;
    let step: number;
    let draft: SettingsDraft;
    try {
      if (file.size > MAX_CHECKPOINT_BYTES) throw new ConfigError('checkpoint', `${formatCount(file.size)} bytes`, `at most ${formatCount(MAX_CHECKPOINT_BYTES)} bytes`);
      const checkpoint = decodeCheckpoint(new Uint8Array(await file.arrayBuffer()));
      weights = checkpoint.weights;
      step = checkpoint.step;
      checkField('size', weights.length, 'checkpoint.weights.shape');
      try {
        resolveSize(set.kind, weights.length);
      } catch (error) {
        throw new ConfigError('checkpoint.weights.shape', [weights.length], (error as ConfigError).allowed);
      }
      draft = { ...this._draft, size: weights.length };
      for (const name of ['problem', 'seed', 'rule', 'lr', 'l1', 'l2'] as const) {
        if (!(name in checkpoint.settings)) continue;
        const value = checkpoint.settings[name];
        checkField(name, value, `checkpoint.settings.${name}`);
        (draft as unknown as Record<string, unknown>)[name] = value;
      }
      try {
        parseSettings(draft);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        throw new ConfigError(`checkpoint.settings.${error.field}`, error.value, error.allowed);
      }
    } catch (error) {
      if (!(error instanceof ConfigError)) {
        this._filesMessage = { kind: 'error', text: `${file.name} could not be read: ${(error as Error).message}` };
        return;
      }
      this._filesMessage = { kind: 'error', text: `${file.name} was not loaded. ${error.message}` };
      return;
    }
    this._useDraft(draft, true);
    this._error = null;
    await this._reset(weights);
    this._filesMessage = {
      kind: 'info',
      text: `Loaded ${file.name}: ${formatCount(weights.length)} weights saved at step ${formatCount(step)}, now every run's start (steps count from 0 again).`,
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-app': SparsewatchApp;
  }
}
