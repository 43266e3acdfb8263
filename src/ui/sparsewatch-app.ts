/**
 * `<sparsewatch-app>`: the mediator. It owns the session: reads the URL (url-state.ts),
 * creates the engines (engines.ts: one per run, WebGPU if it can be had, else the CPU
 * engine), what the runs compute (workloads.ts: sparse recovery by default, the notebook's
 * walkthrough, a loaded CSV, or digits with a loop of its own), the lockstep training loop,
 * one record per run, the checked
 * settings and the self-check, and passes plain values down to the leaf elements, which send
 * intents back up as events. It keeps the URL in step with the form (history.replaceState),
 * maps keys to commands (keyboard.ts), reads losses and the scatter's sample at snapshot
 * steps, and saves and loads files in the page. It renders at most once per redraw interval
 * (redraw-interval.ts), and the canvases draw on the animation frame after it, all on the
 * same one; the loop itself runs on macrotasks (training-loop.ts).
 *
 * Not here: data shaping (histogram-data.ts, heatmap-data.ts, metrics-history.ts,
 * scatter-data.ts, snapshot-summary.ts), validation rules (settings.ts and the engine's
 * checks), Chart.js and canvas drawing (charts/, controllers/).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import Papa from 'papaparse';
import { decodeCheckpoint, encodeCheckpoint } from '../data/checkpoint.ts';
import { parseCsvDataset } from '../data/csv.ts';
import { DATASET_LIMITS, type Dataset } from '../data/dataset.ts';
import { ConfigError } from '../engine/config-error.ts';
import type { Engine, Snapshot, UpdateParams } from '../engine/types.ts';
import { CLASSES } from '../problems/digits/asset-format.ts';
import { MAX_HIDDEN_LAYERS, MAX_WIDTH } from '../problems/digits/settings.ts';
import { MAX_TRACKED, runLabel } from '../problems/walkthrough.ts';
import { WorkerEngine } from './cpu-worker/worker-engine.ts';
import { checkpointLoad, type CheckpointLoad, type CheckpointStart } from './checkpoint-load.ts';
import { canvasPng, fileName, saveBlob } from './download.ts';
import { destroyEngineSet, rebuildEngineSet, resolveSize, startEngineSet, type DefaultSizes, type EngineSet } from './engines.ts';
import type { ExportKind, TrainCommand } from './events.ts';
import { unionWindow, type ExponentWindow } from './histogram-data.ts';
import { shortcutFor } from './keyboard.ts';
import { metricsCsv, type MeasureKey, type MetricKey } from './metrics-history.ts';
import { PROBLEMS } from './problems.ts';
import { RateMeter } from './rate-meter.ts';
import { redrawInterval } from './redraw-interval.ts';
import { RunRecord } from './run-record.ts';
import { SCATTER_SAMPLE, type ScatterSample } from './scatter-data.ts';
import { runSelfCheck, type SelfCheckResult } from './self-check.ts';
import { defaultDraft, MAX_DIGITS_WEIGHTS, parseSettings, resolveParams, type RunSlot, type Settings, type SettingsDraft } from './settings.ts';
import { formatCount } from './snapshot-summary.ts';
import type { FieldError } from './sparsewatch-controls.ts';
import type { FilesMessage } from './sparsewatch-files.ts';
import type { LineInput } from './sparsewatch-series-chart.ts';
import type { SelfCheckState } from './sparsewatch-self-check.ts';
import { themeColour, themeTokens } from './theme.ts';
import { QUEUE_MS, TrainingLoop, WORKER_QUEUE_MS, type TrainingLoopOptions } from './training-loop.ts';
import { parseUrlState, serialiseUrlState, type Panel } from './url-state.ts';
import { DIGITS_LR, digitsSize, digitsSizes, digitsWorkload, hiddenRefused } from './digits-workload.ts';
import { datasetWorkload, recoveryWorkload, walkthroughWorkload, type RunWorkload, type SessionLoop, type Workload } from './workloads.ts';
import './sparsewatch-controls.ts';
import './sparsewatch-files.ts';
import './sparsewatch-heatmap.ts';
import './sparsewatch-histogram.ts';
import './sparsewatch-scatter.ts';
import './sparsewatch-self-check.ts';
import './sparsewatch-series-chart.ts';
import './sparsewatch-stats.ts';
import './sparsewatch-time-to-zero.ts';
import { copyBandwidthOf } from './explain/copy-bandwidth.ts';

// The explanatory parts (KaTeX with them) load after the app, in chunks of their own.
void import('./explain/sparsewatch-walkthrough.ts');
void import('./explain/sparsewatch-gpu-explainer.ts');
void import('./sparsewatch-digits.ts');

type EngineState =
  | { status: 'loading' }
  | { status: 'ready'; kind: Engine['kind']; deviceName: string; paramCount: number; runs: number; reason: string; summary: string }
  | { status: 'failed'; message: string };

/** Weights followed for time to zero (the walkthrough): a table a person reads, well under the walkthrough's readback limit. */
const TRACKED_WEIGHTS = Math.min(8, MAX_TRACKED);
/**
 * The largest checkpoint file read: the most weights a run may have (a digits network's), its
 * biases (at most MAX_HIDDEN_LAYERS · MAX_WIDTH + 10) and a generous header.
 */
const MAX_CHECKPOINT_BYTES = (MAX_DIGITS_WEIGHTS + MAX_HIDDEN_LAYERS * MAX_WIDTH + CLASSES) * 4 + 1_000_000;
/** The scatter is read at most this often while training (a few thousand weights per run). */
const SCATTER_EVERY_MS = 1_000;

/** One run of the running session: its slot in the form, its name and what it steps with. */
interface SessionRun {
  slot: RunSlot;
  /** The rule in force, `+l2` for elastic net. */
  rule: string;
  /** "Run 1 (l1-prox)". */
  label: string;
  params: UpdateParams;
}

/** A run of the session from its settings, with η resolved. */
function sessionRun(run: Settings['runs'][number], suggestedLr: number): SessionRun {
  const { regulariser, params } = resolveParams(run, suggestedLr);
  const rule = runLabel(regulariser);
  return { slot: run.slot, rule, label: `Run ${run.slot} (${rule})`, params };
}

/** The line charts over steps: which history, which keys, and when they apply. */
interface SeriesSpec {
  panel: Panel;
  heading: string;
  yTitle: string;
  kind: 'fraction' | 'value';
  caption: string;
  /** Solid and (optional) dashed line per run. */
  keys: { solid: MetricKey | MeasureKey; dashed?: MetricKey | MeasureKey; source: 'history' | 'measures' };
  needs: 'always' | 'loss' | 'truth';
}

const SERIES_CHARTS: readonly SeriesSpec[] = [
  {
    panel: 'zeros',
    heading: 'Exact zeros and near zeros',
    yTitle: 'fraction of weights',
    kind: 'fraction',
    caption:
      'Solid: exactly 0. Dashed: |w| < ε, counted from the power-of-two bins as |w| < 2^⌊log2 ε⌋ (a lower bound unless ε is a power of two); a new ε applies from the next snapshot.',
    keys: { solid: 'exactZeroFraction', dashed: 'nearZeroFraction', source: 'history' },
    needs: 'always',
  },
  {
    panel: 'losses',
    heading: 'Training and held-out loss',
    yTitle: 'mean squared error',
    kind: 'value',
    caption: 'Solid: training loss. Dashed: held-out loss. Each takes a pass over the data, so it is measured every few snapshots.',
    keys: { solid: 'loss', dashed: 'heldOutLoss', source: 'measures' },
    needs: 'loss',
  },
  {
    panel: 'support',
    heading: 'Support F1',
    yTitle: 'F1 of nonzero weights against the true support',
    kind: 'fraction',
    caption: 'The nonzero weights as a guess at which features matter: 1 when exactly the true ones are nonzero.',
    keys: { solid: 'supportF1', source: 'measures' },
    needs: 'truth',
  },
  { panel: 'norms', heading: '‖w‖₁', yTitle: 'sum of |w|', kind: 'value', caption: '', keys: { solid: 'l1Norm', source: 'history' }, needs: 'always' },
];

/** What the running engines and workloads were built with; a Reset rebuilds what differs. */
interface Built {
  problem: Settings['problem'];
  size: number;
  slots: RunSlot[];
  seed: number;
  /** The data settings (or the CSV) the workload was made from. */
  data: string;
}

/** A picked CSV waiting for its target column. */
interface PickedCsv {
  name: string;
  text: string;
  columns: string[];
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
        max-width: 90rem;
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
      .charts,
      .histograms {
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
  /** Bumped once per redraw with news (at most every redrawInterval), so the charts redraw from the records. */
  @state() private _frameCount = 0;
  @state() private _rate: number | null = null;
  @state() private _dropped = 0;
  @state() private _scrub: number | null = null;
  @state() private _filesMessage: FilesMessage | null = null;
  @state() private _selfCheck: SelfCheckState = { status: 'running', results: [] };
  @state() private _scatterPair: [number, number] = [0, 1];
  @state() private _scatter: ScatterSample | null = null;
  @state() private _csv: PickedCsv | null = null;

  private _set: EngineSet | null = null;
  private _loop: SessionLoop | null = null;
  private _records: RunRecord[] = [];
  private _workload: Workload | null = null;
  private _runWorkloads: RunWorkload[] = [];
  private _runs: SessionRun[] = [];
  private _built: Built | null = null;
  private _dataset: Dataset | null = null;
  /** The last draft that passed the checks: the URL shows it. */
  private _draft: SettingsDraft = defaultDraft();
  /** The last settings that passed the checks; the run uses these while the form shows an error. */
  private _settings: Settings = parseSettings(defaultDraft());
  private _autostart = true;
  private _frameTimer: ReturnType<typeof setTimeout> | undefined = undefined;
  private _lastDraw = -Infinity;
  private _lastMeasured = -Infinity;
  private _lastScatter = -Infinity;
  private _scatterReading = false;
  private readonly _rateMeter = new RateMeter();
  /** Bumped on every new session (engines and runs set up) and on disconnect, so reads for an earlier one are dropped. */
  private _session = 0;
  /** Bumped on connect and disconnect, so work started by an earlier connection does not touch this one. */
  private _connection = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('settings-input', this._onSettingsInput);
    this.addEventListener('train-command', this._onCommand);
    this.addEventListener('self-check-request', this._onSelfCheckRequest);
    this.addEventListener('scrub', this._onScrub);
    this.addEventListener('export-request', this._onExport);
    this.addEventListener('checkpoint-load', this._onCheckpoint);
    this.addEventListener('csv-pick', this._onCsvPick);
    this.addEventListener('csv-load', this._onCsvLoad);
    this.addEventListener('scatter-runs', this._onScatterRuns);
    globalThis.addEventListener('keydown', this._onKey);
    const url = parseUrlState(globalThis.location?.search ?? '');
    this._urlProblems = url.problems;
    this._draft = url.draft;
    this._values = url.draft;
    this._settings = parseSettings(url.draft);
    this._autostart = url.autostart;
    this._hide = url.hide;
    void this._start(++this._connection);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('settings-input', this._onSettingsInput);
    this.removeEventListener('train-command', this._onCommand);
    this.removeEventListener('self-check-request', this._onSelfCheckRequest);
    this.removeEventListener('scrub', this._onScrub);
    this.removeEventListener('export-request', this._onExport);
    this.removeEventListener('checkpoint-load', this._onCheckpoint);
    this.removeEventListener('csv-pick', this._onCsvPick);
    this.removeEventListener('csv-load', this._onCsvLoad);
    this.removeEventListener('scatter-runs', this._onScatterRuns);
    globalThis.removeEventListener('keydown', this._onKey);
    this._session++;
    this._connection++;
    clearTimeout(this._frameTimer);
    this._frameTimer = undefined;
    this._teardownRuns();
    if (this._set) destroyEngineSet(this._set, true);
    this._set = null;
  }

  /** The page, section by section in reading order; each section is one method. */
  override render() {
    const shown = (panel: Panel) => !this._hide.includes(panel);
    return html`<div class="page">
      ${this._renderHeader()}
      <main>
        ${this._renderUrlProblems()} ${this._renderEngine()}
        <div class="layout">
          <div class="side">${this._renderSide(shown)}</div>
          <div class="main">${this._renderCharts(shown)}</div>
        </div>
        ${shown('self-check') ? html`<sparsewatch-self-check data-panel="self-check" .state=${this._selfCheck}></sparsewatch-self-check>` : nothing}
        ${shown('walkthrough') ? html`<sparsewatch-walkthrough data-panel="walkthrough"></sparsewatch-walkthrough>` : nothing}
        ${shown('gpu')
          ? html`<sparsewatch-gpu-explainer
              data-panel="gpu"
              .engines=${this._set?.engines ?? []}
              .stepsPerSecond=${this._running ? this._rate : null}
            ></sparsewatch-gpu-explainer>`
          : nothing}
      </main>
    </div>`;
  }

  private _renderHeader() {
    return html`<header>
      <h1>sparsewatch</h1>
      <p>Why L1 drives weights to exactly zero while L2 only shrinks them: the same problem, the same starting weights, several rules in lockstep, live.</p>
      <p>
        By default: sparse recovery, a regression where only a handful of a million features matter. Proximal L1 (run 1) sets
        almost every weight to exactly 0 within a few steps and keeps the true ones; L2 (run 2) shrinks every weight and zeroes
        none; no penalty (run 3) zeroes none either. Watch the zero fractions part ways.
      </p>
    </header>`;
  }

  private _renderSide(shown: (panel: Panel) => boolean) {
    const ready = this._engineState.status === 'ready' && !this._busy;
    const names = this._runs.map((r) => r.label);
    return html`
      ${shown('controls')
        ? html`<sparsewatch-controls
            data-panel="controls"
            ?running=${this._running}
            ?ready=${ready}
            ?csv=${this._dataset !== null}
            .error=${this._error}
            .values=${this._values}
            .pendingReset=${this._pendingReset()}
          ></sparsewatch-controls>`
        : nothing}
      ${shown('stats')
        ? html`<sparsewatch-stats
            data-panel="stats"
            .runs=${this._records.map((r, i) => ({ name: names[i] ?? '', snapshot: r.latest, stepped: r.stepped }))}
            .stepsPerSecond=${this._running ? this._rate : null}
            .droppedSnapshots=${this._dropped}
            .epsilon=${this._settings.epsilon}
          ></sparsewatch-stats>`
        : nothing}
      ${shown('files')
        ? html`<sparsewatch-files data-panel="files" ?ready=${ready} .runs=${names} .columns=${this._csv?.columns ?? null} .message=${this._filesMessage}></sparsewatch-files>`
        : nothing}
    `;
  }

  private _renderCharts(shown: (panel: Panel) => boolean) {
    const records = this._records;
    const names = this._runs.map((r) => r.label);
    const workload = this._workload;
    const snapshots = this._shownSnapshots();
    const window = records.reduce<ExponentWindow | null>((w, r) => (w ? unionWindow(w, r.ring.window) : r.ring.window), null);
    const applies = (needs: SeriesSpec['needs']) => needs === 'always' || (needs === 'loss' ? (workload?.measureEvery ?? 0) > 0 : workload?.truth != null);
    const lines = ({ keys }: SeriesSpec): LineInput[] =>
      records.flatMap((r, i) => {
        const rows = keys.source === 'history' ? r.history.rows : r.measures.rows;
        const colour = `--sw-run-${i + 1}`;
        const solid: LineInput = { label: names[i] ?? '', rows, key: keys.solid, colour, dashed: false };
        return keys.dashed ? [solid, { label: `${names[i]} (dashed)`, rows, key: keys.dashed, colour, dashed: true }] : [solid];
      });
    return html`
      ${shown('histogram')
        ? html`<div class="histograms" data-panel="histogram">
            ${records.map(
              (_, i) => html`<sparsewatch-histogram .snapshot=${snapshots[i] ?? null} name=${names[i] ?? ''} .window=${window} ?past=${this._scrub !== null}></sparsewatch-histogram>`,
            )}
          </div>`
        : nothing}
      ${shown('heatmap')
        ? html`<sparsewatch-heatmap
            data-panel="heatmap"
            .runs=${records.map((r, i) => ({ name: names[i] ?? '', ring: r.ring }))}
            .scrub=${this._scrub}
            .frame=${this._frameCount}
          ></sparsewatch-heatmap>`
        : nothing}
      <div class="charts">
        ${SERIES_CHARTS.filter(({ panel, needs }) => shown(panel) && applies(needs)).map(
          (spec) => html`<sparsewatch-series-chart
            data-panel=${spec.panel}
            heading=${spec.heading}
            y-title=${spec.yTitle}
            kind=${spec.kind}
            caption=${spec.caption}
            .lines=${lines(spec)}
            .version=${records.reduce((sum, r) => sum + (spec.keys.source === 'history' ? r.history : r.measures).version, 0)}
          ></sparsewatch-series-chart>`,
        )}
      </div>
      ${shown('scatter') && records.length > 1
        ? html`<sparsewatch-scatter data-panel="scatter" .runs=${names} .pair=${this._scatterPair} .sample=${this._scatter}></sparsewatch-scatter>`
        : nothing}
      ${shown('digits') && workload?.id === 'digits'
        ? html`<sparsewatch-digits data-panel="digits" .loop=${this._loop} .names=${names}></sparsewatch-digits>`
        : nothing}
      ${shown('time-to-zero') && workload?.id === 'walkthrough'
        ? html`<sparsewatch-time-to-zero
            data-panel="time-to-zero"
            .tables=${records.map((r, i) => ({ name: names[i] ?? '', rows: r.tracker.rows(this._runs[i]?.params.l1Step ?? 0) }))}
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
      ${formatCount(s.paramCount)} weights${s.runs > 1 ? ` per run, ${s.runs} runs in lockstep` : ''}.
      <span data-reason>${s.reason}</span>.
      <span data-problem>${s.summary}</span>
    </p>`;
  }

  /** Per run, the snapshot the histogram shows: the latest, or that of the scrubbed step. */
  private _shownSnapshots(): (Snapshot | null)[] {
    return this._records.map((r) => {
      if (this._scrub === null) return r.latest;
      return r.ring.at(r.ring.indexAtOrBefore(this._scrub)) ?? r.latest;
    });
  }

  /** Weights per run when the settings name none: the problem's, or the loaded table's width. */
  private _defaultSizes(): DefaultSizes {
    const d = this._dataset?.featureCount;
    if (this._settings.problem === 'csv' && d !== undefined) return { webgpu: d, cpu: d };
    if (this._settings.problem === 'digits') return digitsSizes(this._settings.hidden);
    return PROBLEMS[this._settings.problem === 'csv' ? 'recovery' : this._settings.problem].defaultSize!;
  }

  /** The size the settings ask of an engine kind (the table's width for a CSV), or a ConfigError. */
  private _sizeFor(kind: Engine['kind']): number {
    if (this._settings.problem === 'digits') return digitsSize(kind, this._settings.hidden);
    const defaults = this._defaultSizes();
    return resolveSize(kind, this._settings.problem === 'csv' ? defaults[kind] : this._settings.size, defaults);
  }

  /** What the workload is made from besides size and seed, so a Reset knows when to make a new one. */
  private _dataKey(): string {
    const s = this._settings;
    // Digits take a new rule or λ mid-run, but not a new η: the biases step with the first.
    if (s.problem === 'digits') return JSON.stringify([s.hidden, s.loss, s.batch, s.epsilon, s.runs.map((r) => resolveParams(r, DIGITS_LR).params.lr)]);
    return s.problem === 'recovery' ? `${s.samples}/${s.nonzeros}/${s.noise}/${s.batch}` : s.problem === 'csv' ? `csv:${this._dataset?.targetName}` : '';
  }

  /** What a Reset would change, in words, or null. */
  private _pendingReset(): string | null {
    const built = this._built;
    if (!built || !this._set) return null;
    const s = this._settings;
    const changes: string[] = [];
    let size: number | null = null;
    try {
      size = this._sizeFor(this._set.kind);
    } catch {
      size = null;
    }
    if (s.problem !== built.problem) changes.push(`problem ${s.problem}`);
    else if (this._dataKey() !== built.data) changes.push(s.problem === 'digits' ? 'new network, loss, batch, ε or η' : 'new data');
    if (size !== null && size !== built.size) changes.push(`${formatCount(size)} weights per run`);
    if (s.seed !== built.seed) changes.push(`seed ${s.seed}`);
    const slots = s.runs.map((r) => r.slot);
    if (slots.join() !== built.slots.join()) changes.push(`runs ${slots.join(', ')}`);
    return changes.length > 0 ? `Reset weights to apply: ${changes.join(', ')}.` : null;
  }

  private async _start(connection: number): Promise<void> {
    let set: EngineSet;
    const runs = this._settings.runs.length;
    const placeholder = { kind: 'symmetric', scale: 1, seed: this._settings.seed } as const;
    try {
      try {
        set = await startEngineSet(this._settings.size, runs, placeholder, this._defaultSizes());
      } catch (error) {
        // A size the CPU fallback refuses (the URL may have been written on a WebGPU machine).
        if (!(error instanceof ConfigError) || error.field !== 'size') throw error;
        const digits = this._settings.problem === 'digits';
        this._urlProblems = [...this._urlProblems, `${(digits ? hiddenRefused(this._settings.hidden, error) : error).message}. Using the default.`];
        this._useDraft(digits ? { ...this._draft, hidden: defaultDraft('digits').hidden } : { ...this._draft, size: null }, true);
        set = await startEngineSet(null, runs, placeholder, this._defaultSizes());
      }
    } catch (error) {
      if (connection === this._connection) this._engineState = { status: 'failed', message: `No engine could start: ${(error as Error).message}` };
      return;
    }
    if (connection !== this._connection) {
      destroyEngineSet(set, true);
      return;
    }
    this._busy = true;
    try {
      await this._install(set, null);
    } catch (error) {
      this._engineState = { status: 'failed', message: `The problem could not be set up: ${(error as Error).message}` };
      return;
    } finally {
      this._busy = false;
    }
    // The roofline's ceiling is measured before training fills the queue (copies timed
    // behind training steps would be timed with them); a failure shows in the explainer.
    if (set.kind === 'webgpu') await copyBandwidthOf(set.device as GPUDevice).catch(() => undefined);
    if (connection !== this._connection) return;
    if (this._autostart) this._loop?.start(this._settings.runSteps);
    if (set.kind === 'webgpu') {
      void this._runSelfCheck(connection);
    } else {
      this._selfCheck = { status: 'unavailable', reason: `The self-check needs WebGPU, and this page runs on the CPU engine (${set.reason}).` };
    }
  }

  /** The workload of the settings at `paramCount` weights per run; throws a ConfigError the form can show. */
  private _makeWorkload(paramCount: number): Workload {
    const s = this._settings;
    if (s.problem === 'walkthrough') return walkthroughWorkload(paramCount, s.seed);
    if (s.problem === 'digits') return digitsWorkload(s, paramCount);
    if (s.problem === 'csv') {
      if (!this._dataset) throw new ConfigError('problem', 'csv', 'recovery or walkthrough until a CSV is loaded with the file picker');
      return datasetWorkload(this._dataset, s.seed, s.runs[0]!.regulariser.l1 || 0.1);
    }
    try {
      return recoveryWorkload(s, paramCount);
    } catch (error) {
      if (error instanceof ConfigError && error.field === 'nonzeros') throw new ConfigError('nonzeros', s.nonzeros, error.allowed);
      throw error;
    }
  }

  /**
   * Puts a set of engines to work on the settings' problem: makes the workload and one per
   * run, draws the starting weights (or writes a checkpoint's over them: `start`, whose biases
   * the digits loop writes too), and a new loop and records. The engines' earlier work must
   * be done (a Reset waits for it).
   * Whatever can fail happens before `replace` is called (to retire the running session), so
   * a failure leaves that session as it was.
   */
  private async _install(set: EngineSet, start: CheckpointStart | null, replace: () => void = () => undefined): Promise<void> {
    const settings = this._settings;
    const engines = set.engines;
    const paramCount = engines[0]!.paramCount;
    const workload = this._makeWorkload(paramCount);
    const runWorkloads: RunWorkload[] = [];
    try {
      for (const engine of engines) runWorkloads.push(await workload.createRun(engine));
    } catch (error) {
      for (const w of runWorkloads) w.destroy();
      throw error;
    }
    replace();
    const session = ++this._session;
    for (const engine of engines) {
      engine.initWeights(workload.init);
      if (start) engine.writeWeights(start.weights);
    }
    this._set = set;
    this._workload = workload;
    this._runWorkloads = runWorkloads;
    this._built = { problem: settings.problem, size: paramCount, slots: settings.runs.map((r) => r.slot), seed: settings.seed, data: this._dataKey() };
    this._runs = settings.runs.map((run) => sessionRun(run, workload.suggestedLr));
    const tracked = workload.id === 'walkthrough' ? Math.min(TRACKED_WEIGHTS, paramCount) : 0;
    this._records = engines.map(() => new RunRecord(tracked, workload.truth));
    this._scrub = null;
    this._scatter = null;
    this._scatterPair = [0, Math.min(1, engines.length - 1)];
    this._lastMeasured = -Infinity;
    this._lastScatter = -Infinity;
    this._scatterReading = false;
    this._engineState = { status: 'ready', kind: set.kind, deviceName: set.deviceName, paramCount, runs: engines.length, reason: set.reason, summary: workload.summary };
    const options: TrainingLoopOptions = {
      runs: engines.map((engine, i) => ({ engine, params: () => this._runs[i]!.params, prepare: (step) => runWorkloads[i]!.prepare(step) })),
      onSnapshot: (snapshot, afterStep, run) => this._onSnapshot(snapshot, afterStep, run),
      onStep: (step, withSnapshot) => this._onStep(step, withSnapshot, session),
      onRunningChange: (running) => {
        this._running = running;
        this._rateMeter.reset();
      },
      onError: (error) => {
        this._engineState = { status: 'failed', message: `The engine stopped: ${(error as Error).message}` };
      },
      queueMs: engines.every((engine) => engine instanceof WorkerEngine) ? WORKER_QUEUE_MS : QUEUE_MS,
    };
    const loop = workload.createLoop ? await workload.createLoop(engines, options, start) : new TrainingLoop(options);
    if (session !== this._session) {
      loop.dispose(); // disconnected meanwhile
      return;
    }
    this._loop = loop;
    loop.requestSnapshot();
    this._records.forEach((record, i) => record.follow(engines[i]!));
    this._onStep(0, true, session);
  }

  /** Stops the loop and frees the runs' own buffers (not the engines). */
  private _teardownRuns(): void {
    this._loop?.dispose();
    this._loop = null;
    for (const w of this._runWorkloads) w.destroy();
    this._runWorkloads = [];
  }

  private async _runSelfCheck(connection: number): Promise<void> {
    const results: SelfCheckResult[] = [];
    this._selfCheck = { status: 'running', results };
    const current = () => connection === this._connection;
    try {
      await runSelfCheck((result) => {
        if (!current()) return;
        results.push(result);
        this._selfCheck = { status: 'running', results: [...results] };
      });
      if (current()) this._selfCheck = { status: 'done', results: [...results] };
    } catch (error) {
      if (current()) this._selfCheck = { status: 'error', message: (error as Error).message, results: [...results] };
    }
  }

  /** Records every snapshot as it comes; draws on the next frame: at most one render per frame. */
  private _onSnapshot(snapshot: Snapshot, afterStep: boolean, run: number): void {
    const record = this._records[run];
    const engine = this._set?.engines[run];
    if (!record || !engine) return;
    record.add(snapshot, afterStep, this._runs[run]?.rule ?? '', this._settings.epsilon);
    record.follow(engine);
    if (run === 0) this._rateMeter.sample(snapshot.step, performance.now());
    this._requestFrame();
  }

  /**
   * After a step: the walkthrough's followed weights when they may pin a first zero; on
   * snapshot steps, the losses when due (and a chart shows them) and the scatter's sample
   * when due (and it is shown). Reads are issued now, between steps, so they see this step.
   */
  private _onStep(step: number, withSnapshot: boolean, session: number): void {
    const engines = this._set?.engines ?? [];
    this._records.forEach((record, i) => {
      if (record.tracker.count > 0 && record.tracker.wantsStep(step, this._runs[i]?.params.l1Step ?? 0)) record.follow(engines[i]!);
    });
    if (!withSnapshot) return;
    const workload = this._workload;
    const lossShown = !this._hide.includes('losses') || !this._hide.includes('support');
    if (workload && workload.measureEvery > 0 && lossShown && step - this._lastMeasured >= workload.measureEvery) {
      this._lastMeasured = step;
      this._runWorkloads.forEach((w, i) =>
        w.measure(step).then(
          (measured) => {
            if (session !== this._session) return;
            this._records[i]?.addMeasurement(measured);
            this._requestFrame();
          },
          () => undefined, // a destroyed run (Reset) has nothing left to measure
        ),
      );
    }
    const now = performance.now();
    if (!this._hide.includes('scatter') && this._runWorkloads.length > 1 && !this._scatterReading && (step === 0 || now - this._lastScatter >= SCATTER_EVERY_MS)) {
      this._readScatter(step, session);
    }
  }

  /** Reads the same sample of weights from the two runs the scatter compares, at this step. */
  private _readScatter(step: number, session: number): void {
    const [x, y] = this._scatterPair;
    const wx = this._runWorkloads[x];
    const wy = this._runWorkloads[y];
    if (!wx || !wy) return;
    this._scatterReading = true;
    this._lastScatter = performance.now();
    const supportCount = this._workload?.truth?.indices.length ?? 0;
    Promise.all([wx.sample(SCATTER_SAMPLE), wy.sample(SCATTER_SAMPLE)])
      .then(([sx, sy]) => {
        if (session !== this._session) return;
        this._scatter = { step, x: sx, y: sy, supportCount };
      })
      .catch(() => undefined)
      .finally(() => {
        if (session === this._session) this._scatterReading = false;
      });
  }

  /**
   * The next redraw, no sooner than redrawInterval after the last. The news goes down to
   * the elements in a task (their text, the charts' data), and every canvas draws on the
   * animation frame after it (DrawController), all on the same one: the page is painted and
   * composited once per redraw. A hidden tab gets no frames, so its charts draw once it is
   * shown again.
   */
  private _requestFrame(): void {
    if (this._frameTimer !== undefined) return;
    const interval = redrawInterval(this._set?.engines ?? [], globalThis.navigator?.hardwareConcurrency ?? 0);
    const wait = Math.max(0, this._lastDraw + interval - performance.now());
    this._frameTimer = setTimeout(() => {
      this._frameTimer = undefined;
      this._lastDraw = performance.now();
      this._frameCount++;
      this._rate = this._rateMeter.rate();
      this._dropped = this._set?.engines.reduce((sum, e) => sum + e.droppedSnapshots, 0) ?? 0;
    }, wait);
  }

  /** Takes a checked draft as the settings: the running runs' parameters and names, and the URL. */
  private _useDraft(draft: SettingsDraft, intoForm = false): void {
    this._settings = parseSettings(draft);
    this._draft = draft;
    const suggested = this._workload?.suggestedLr ?? 1;
    this._runs = this._runs.map((run) => {
      // A slot turned off keeps stepping with its last parameters until a Reset removes its engine.
      const settings = this._settings.runs.find((r) => r.slot === run.slot);
      return settings ? sessionRun(settings, suggested) : run;
    });
    if (intoForm) this._values = draft;
    this.requestUpdate(); // run names, ε and what a Reset would change are read from the settings
    const search = serialiseUrlState({ draft, autostart: this._autostart, hide: this._hide });
    globalThis.history?.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
  }

  private _onSettingsInput = (event: CustomEvent<SettingsDraft>): void => {
    let draft = event.detail;
    let intoForm = false;
    if (draft.problem !== this._draft.problem) {
      // Another problem brings its own runs, strengths and η; the seed stays.
      draft = { ...defaultDraft(draft.problem), seed: Number.isNaN(draft.seed) ? this._draft.seed : draft.seed };
      intoForm = true;
    }
    try {
      this._useDraft(draft, intoForm);
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
   * Starts the runs again from the settings' weights (or `start`, a checkpoint's), with
   * a new workload (the data may have changed): the same engines when size and number of
   * runs are unchanged, else new engines of the same kind. If the new ones cannot be made,
   * the message says why and the running session is left as it was.
   */
  private async _reset(start: CheckpointStart | null): Promise<string | null> {
    const set = this._set;
    const loop = this._loop;
    const built = this._built;
    if (!set || !loop || !built || this._busy) return 'the page is busy';
    const settings = this._settings;
    let size: number;
    try {
      size = start ? start.weights.length : this._sizeFor(set.kind);
      // Check the data before anything stops (k ≤ d, say).
      if (settings.problem === 'recovery') recoveryWorkload(settings, size);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const field = error.field === 'features' ? 'size' : error.field;
      this._error = { field, message: new ConfigError(field, error.value, error.allowed).message };
      return this._error.message;
    }
    this._busy = true;
    const session = this._session;
    try {
      loop.pause();
      await Promise.all(set.engines.map((e) => e.settled()));
      if (session !== this._session) return 'the page was reset meanwhile';
      const same = size === built.size && settings.runs.length === set.engines.length;
      const next = same ? set : await rebuildEngineSet(set, size, settings.runs.length, { kind: 'symmetric', scale: 1, seed: settings.seed });
      if (session !== this._session) {
        if (next !== set) destroyEngineSet(next, false);
        return 'the page was reset meanwhile';
      }
      try {
        await this._install(next, start, () => {
          this._teardownRuns();
          if (next !== set) destroyEngineSet(set, false);
        });
      } catch (error) {
        if (next !== set && this._set === set) destroyEngineSet(next, false);
        throw error;
      }
      return null;
    } catch (error) {
      this._error = { field: 'size', message: `The runs could not be set up again: ${(error as Error).message}` };
      return this._error.message;
    } finally {
      this._busy = false;
    }
  }

  private _onSelfCheckRequest = (): void => {
    if (this._set?.kind === 'webgpu' && this._selfCheck.status !== 'running') void this._runSelfCheck(this._connection);
  };

  private _onScrub = (event: CustomEvent<number | null>): void => {
    this._scrub = event.detail;
  };

  private _onScatterRuns = (event: CustomEvent<[number, number]>): void => {
    this._scatterPair = event.detail;
    this._scatter = null;
    if (!this._running && this._loop) this._readScatter(this._loop.stepCount, this._session);
    else this._lastScatter = -Infinity;
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
    const canvases = (selector: string) =>
      [...this.renderRoot.querySelectorAll(selector)].flatMap((el) => {
        const holder = el as { canvas?: HTMLCanvasElement | null; flush?: () => void } & Element;
        holder.flush?.(); // a chart off screen may not have drawn its latest data
        return holder.canvas ? [holder.canvas] : [...el.shadowRoot!.querySelectorAll('canvas')];
      });
    let blob: Blob;
    let name: string;
    if (kind === 'metrics-csv') {
      const names = this._runs.map((r) => `run${r.slot}`);
      blob = new Blob([metricsCsv(this._records.map((r, i) => ({ name: names[i]!, history: r.history, measures: r.measures })))], { type: 'text/csv' });
      name = fileName('metrics', step, 'csv');
    } else if (kind === 'histogram-png' || kind === 'heatmap-png' || kind === 'scatter-png') {
      const what = kind.slice(0, -4);
      const found = canvases(`sparsewatch-${what}`);
      if (found.length === 0) throw new Error('that chart is hidden on this page');
      blob = await canvasPng(found, themeColour(this, '--sw-bg', '#ffffff'));
      name = fileName(what, step, 'png');
    } else {
      const run = Number(kind.slice('checkpoint-'.length)) - 1;
      const engine = set.engines[run];
      const session = this._runs[run];
      if (!engine || !session) throw new Error(`there is no run ${run + 1}`);
      // A digits run is its weights and biases, read together between two steps, with its network's settings.
      const saved = this._loop?.savedRun ? await this._loop.savedRun(run) : { step: engine.stepCount, weights: await engine.readWeights(), biases: undefined, settings: {} };
      const stepAt = saved.step;
      const { regulariser } = resolveParams(this._settings.runs.find((r) => r.slot === session.slot) ?? this._settings.runs[0]!, this._workload?.suggestedLr ?? 1);
      const settings = { ...saved.settings, problem: this._built?.problem ?? 'recovery', seed: this._built?.seed ?? 0, ...regulariser, run: session.slot };
      // The writer allocates a plain ArrayBuffer, which is what Blob's types ask for.
      blob = new Blob([encodeCheckpoint({ weights: saved.weights, biases: saved.biases, step: stepAt, settings }) as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' });
      name = fileName(`run-${session.slot}`, stepAt, 'safetensors');
    }
    saveBlob(blob, name);
    this._filesMessage = { kind: 'info', text: `Saved ${name}.` };
  }

  private _onCheckpoint = (event: CustomEvent<File>): void => {
    void this._loadCheckpoint(event.detail);
  };

  /**
   * Reads a checkpoint and, only if every part of it is usable (checkpoint-load.ts), makes its
   * weights (and a digits network's biases) every run's start and its rule and strengths run
   * 1's. Anything wrong is reported as the ConfigError names it, and the session is left
   * exactly as it was.
   */
  private async _loadCheckpoint(file: File): Promise<void> {
    const set = this._set;
    if (!set || this._busy) return;
    let load: CheckpointLoad;
    try {
      if (file.size > MAX_CHECKPOINT_BYTES) throw new ConfigError('checkpoint', `${formatCount(file.size)} bytes`, `at most ${formatCount(MAX_CHECKPOINT_BYTES)} bytes`);
      const checkpoint = decodeCheckpoint(new Uint8Array(await file.arrayBuffer()));
      load = checkpointLoad(checkpoint, { draft: this._draft, kind: set.kind, featureCount: this._dataset?.featureCount });
    } catch (error) {
      if (!(error instanceof ConfigError)) {
        this._filesMessage = { kind: 'error', text: `${file.name} could not be read: ${(error as Error).message}` };
        return;
      }
      this._filesMessage = { kind: 'error', text: `${file.name} was not loaded. ${error.message}` };
      return;
    }
    this._useDraft(load.draft, true);
    this._error = null;
    const failed = await this._reset(load.start);
    if (failed) {
      this._filesMessage = { kind: 'error', text: `${file.name} was not loaded: ${failed}` };
      return;
    }
    const { weights, biases } = load.start;
    const what = `${formatCount(weights.length)} weights${biases ? ` and ${formatCount(biases.length)} biases` : ''}`;
    this._filesMessage = {
      kind: 'info',
      text: `Loaded ${file.name}: ${what} saved at step ${formatCount(load.step)}, now every run's start (steps count from 0 again).`,
    };
  }

  private _onCsvPick = (event: CustomEvent<File>): void => {
    void this._pickCsv(event.detail);
  };

  /** Reads a picked CSV's text and header, so the user can choose the target column. */
  private async _pickCsv(file: File): Promise<void> {
    try {
      if (file.size > DATASET_LIMITS.maxCsvChars) throw new ConfigError('csv.length', file.size, `at most ${formatCount(DATASET_LIMITS.maxCsvChars)} characters`);
      const text = await file.text();
      const header = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: ',', preview: 1 }).data[0] ?? [];
      const columns = header.map((c) => c.trim()).filter((c) => c !== '');
      if (columns.length < 2) throw new ConfigError('csv.header', header.join(','), 'a header row naming at least two columns (features and a target)');
      this._csv = { name: file.name, text, columns };
      this._filesMessage = { kind: 'info', text: `${file.name}: ${columns.length} columns. Pick the target column and press “Train on this table”.` };
    } catch (error) {
      this._csv = null;
      this._filesMessage = { kind: 'error', text: `${file.name} was not loaded. ${(error as Error).message}` };
    }
  }

  private _onCsvLoad = (event: CustomEvent<string>): void => {
    void this._loadCsv(event.detail);
  };

  /** Parses the picked CSV with `target` as the target and, if it is a valid table, trains on it. */
  private async _loadCsv(target: string): Promise<void> {
    const picked = this._csv;
    if (!picked || !this._set || this._busy) return;
    let dataset: Dataset;
    try {
      dataset = parseCsvDataset(picked.text, target);
      resolveSize(this._set.kind, dataset.featureCount, { webgpu: dataset.featureCount, cpu: dataset.featureCount });
    } catch (error) {
      this._filesMessage = { kind: 'error', text: `${picked.name} was not loaded. ${(error as Error).message}` };
      return;
    }
    const previous = { dataset: this._dataset, draft: this._draft };
    this._dataset = dataset;
    this._useDraft({ ...defaultDraft('csv'), seed: this._draft.seed, runSteps: this._draft.runSteps }, true);
    this._error = null;
    const failed = await this._reset(null);
    if (failed !== null) {
      // The runs could not be set up for it: back to what ran.
      this._dataset = previous.dataset;
      this._useDraft(previous.draft, true);
      this._filesMessage = { kind: 'error', text: `${picked.name} could not be trained on: ${failed}` };
      return;
    }
    this._filesMessage = {
      kind: 'info',
      text: `Training on ${picked.name}: ${formatCount(dataset.sampleCount)} rows, ${formatCount(dataset.featureCount)} features, target “${dataset.targetName}”.`,
    };
    this._loop?.start(this._settings.runSteps);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-app': SparsewatchApp;
  }
}
