/**
 * `<sparsewatch-app>`: the mediator. It owns the session: picks and creates the engine
 * (WebGPU with 2^20 weights, else the CPU engine with 2^16), the training loop, the checked
 * settings and the self-check, and passes plain values down to the leaf elements, which
 * send intents back up as events. It renders at most once per animation frame with the
 * latest snapshot; the loop itself runs on macrotasks (training-loop.ts).
 *
 * Not here: data shaping (histogram-data.ts, snapshot-summary.ts), validation rules
 * (settings.ts and the engine's checks), Chart.js (charts/, controllers/).
 */
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ConfigError } from '../engine/config-error.ts';
import { createCpuEngine } from '../engine/cpu/cpu-engine.ts';
import { createEngine, type EngineChoice } from '../engine/create-engine.ts';
import type { Engine, Snapshot } from '../engine/types.ts';
import type { TrainCommand } from './events.ts';
import { RateMeter } from './rate-meter.ts';
import { runSelfCheck, type SelfCheckResult } from './self-check.ts';
import { CPU_PARAM_COUNT, defaultDraft, GPU_PARAM_COUNT, parseSettings, WALKTHROUGH_INIT, type Settings, type SettingsDraft } from './settings.ts';
import { formatCount } from './snapshot-summary.ts';
import type { FieldError } from './sparsewatch-controls.ts';
import type { SelfCheckState } from './sparsewatch-self-check.ts';
import { themeTokens } from './theme.ts';
import { TrainingLoop } from './training-loop.ts';
import './sparsewatch-controls.ts';
import './sparsewatch-histogram.ts';
import './sparsewatch-self-check.ts';
import './sparsewatch-stats.ts';

type EngineState =
  | { status: 'loading' }
  | { status: 'ready'; kind: Engine['kind']; deviceName: string; paramCount: number; reason: string }
  | { status: 'failed'; message: string };

@customElement('sparsewatch-app')
export class SparsewatchApp extends LitElement {
  static override styles = [
    themeTokens,
    css`
      :host {
        display: block;
        max-width: 78rem;
        margin: 0 auto;
        padding: 1rem 1.25rem 2rem;
        font: 16px/1.45 system-ui, sans-serif;
        color: var(--sw-fg);
      }
      header h1 {
        margin: 0;
        font-size: 1.6rem;
      }
      header p {
        margin: 0.25rem 0 0;
        color: var(--sw-muted);
      }
      .engine {
        margin: 0.75rem 0 1rem;
        padding: 0.5rem 0.75rem;
        border-left: 4px solid var(--sw-accent);
        background: var(--sw-surface);
      }
      .engine[data-engine='cpu'] {
        border-left-color: var(--sw-negative);
      }
      .failed {
        border-left-color: var(--sw-fail);
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(16rem, 22rem) 1fr;
        gap: 1rem;
        align-items: start;
      }
      .side {
        display: grid;
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
  @state() private _resetting = false;
  @state() private _error: FieldError | null = null;
  @state() private _shown: Snapshot | null = null;
  @state() private _shownStepped: Snapshot | null = null;
  @state() private _rate: number | null = null;
  @state() private _dropped = 0;
  @state() private _selfCheck: SelfCheckState = { status: 'running', results: [] };

  private _engine: Engine | null = null;
  private _loop: TrainingLoop | null = null;
  /** The last settings that passed the checks; the run uses these while the form shows an error. */
  private _settings: Settings = parseSettings(defaultDraft());
  private _latest: Snapshot | null = null;
  /** The latest snapshot taken with a step: the one whose became/left-zero counts mean something. */
  private _latestStepped: Snapshot | null = null;
  private _frame = 0;
  private readonly _rateMeter = new RateMeter();
  /** Bumped on disconnect, so work started by an earlier connection does not touch this one. */
  private _session = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('settings-input', this._onSettingsInput);
    this.addEventListener('train-command', this._onCommand);
    this.addEventListener('self-check-request', this._onSelfCheckRequest);
    void this._start(++this._session);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('settings-input', this._onSettingsInput);
    this.removeEventListener('train-command', this._onCommand);
    this.removeEventListener('self-check-request', this._onSelfCheckRequest);
    this._session++;
    cancelAnimationFrame(this._frame);
    this._frame = 0;
    this._loop?.dispose();
    this._loop = null;
    this._engine?.destroy();
    this._engine = null;
  }

  override render() {
    const ready = this._engineState.status === 'ready' && !this._resetting;
    return html`
      <header>
        <h1>sparsewatch</h1>
        <p>Why L1 drives weights to exactly zero while L2 only shrinks them: the notebook's penalty-only walkthrough, live.</p>
        <p>
          Weights start in (0, 1) and the gradient is zero, so only the penalty acts. Press Start: proximal L1 moves every
          weight by ηλ1 = 0.01 a step and zeroes all of them within 100 steps. Then pick L2 with λ2 = 0.01, reset the
          weights and start again: each step takes 1% of what is left, so weights shrink but none reaches zero.
        </p>
      </header>
      ${this._renderEngine()}
      <div class="layout">
        <div class="side">
          <sparsewatch-controls ?running=${this._running} ?ready=${ready} .error=${this._error}></sparsewatch-controls>
          <sparsewatch-stats
            .snapshot=${this._shown}
            .stepped=${this._shownStepped}
            .stepsPerSecond=${this._running ? this._rate : null}
            .droppedSnapshots=${this._dropped}
          ></sparsewatch-stats>
        </div>
        <sparsewatch-histogram .snapshot=${this._shown}></sparsewatch-histogram>
      </div>
      <sparsewatch-self-check .state=${this._selfCheck}></sparsewatch-self-check>
    `;
  }

  private _renderEngine() {
    const s = this._engineState;
    if (s.status === 'loading') return html`<p class="engine" role="status">Starting an engine…</p>`;
    if (s.status === 'failed') return html`<p class="engine failed" role="alert">${s.message}</p>`;
    const webgpu = s.kind === 'webgpu';
    return html`<p class="engine" role="status" data-engine=${s.kind}>
      Engine: <strong data-device>${webgpu ? s.deviceName : 'CPU'}</strong> (${webgpu ? 'WebGPU' : 'CPU fallback'}),
      ${formatCount(s.paramCount)} weights${webgpu ? '' : html` (fewer than the ${formatCount(GPU_PARAM_COUNT)} on WebGPU)`}.
      <span data-reason>${s.reason}</span>.
    </p>`;
  }

  private async _start(session: number): Promise<void> {
    let engine: Engine;
    let reason: string;
    try {
      ({ engine, reason } = await this._createEngine());
    } catch (error) {
      if (session === this._session) this._engineState = { status: 'failed', message: `No engine could start: ${(error as Error).message}` };
      return;
    }
    if (session !== this._session) {
      engine.destroy();
      return;
    }
    this._engine = engine;
    this._engineState = { status: 'ready', kind: engine.kind, deviceName: engine.deviceName, paramCount: engine.paramCount, reason };
    this._loop = new TrainingLoop({
      engine,
      params: () => this._settings.params,
      onSnapshot: (snapshot, afterStep) => this._onSnapshot(snapshot, afterStep),
      onRunningChange: (running) => {
        this._running = running;
        this._rateMeter.reset();
      },
      onError: (error) => {
        this._engineState = { status: 'failed', message: `The engine stopped: ${(error as Error).message}` };
      },
    });
    this._loop.requestSnapshot();
    if (engine.kind === 'webgpu') {
      void this._runSelfCheck(session);
    } else {
      this._selfCheck = { status: 'unavailable', reason: `The self-check needs WebGPU, and this page runs on the CPU engine (${reason}).` };
    }
  }

  /** The factory's choice, with a CPU engine of the CPU size wherever the GPU engine is not running. */
  private async _createEngine(): Promise<EngineChoice> {
    const cpu = () => createCpuEngine({ paramCount: CPU_PARAM_COUNT, init: WALKTHROUGH_INIT });
    let choice: EngineChoice;
    try {
      choice = await createEngine({ paramCount: GPU_PARAM_COUNT, init: WALKTHROUGH_INIT });
    } catch (error) {
      // The factory falls back by itself only when WebGPU is missing or too small; a device
      // that fails in another way should not leave the page without an engine either.
      return { engine: cpu(), reason: `CPU fallback: the WebGPU engine failed to start (${(error as Error).message})` };
    }
    if (choice.engine.kind === 'webgpu') return choice;
    // The fallback was built at the GPU size; 2^20 weights would make each CPU step slow.
    choice.engine.destroy();
    return { engine: cpu(), reason: choice.reason };
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

  /** Keeps only the latest snapshot and draws it on the next frame: at most one render per frame. */
  private _onSnapshot(snapshot: Snapshot, afterStep: boolean): void {
    this._latest = snapshot;
    if (afterStep) this._latestStepped = snapshot;
    else if (snapshot.step === 0) this._latestStepped = null; // a new run
    this._rateMeter.sample(snapshot.step, performance.now());
    if (this._frame !== 0) return;
    this._frame = requestAnimationFrame(() => {
      this._frame = 0;
      this._shown = this._latest;
      this._shownStepped = this._latestStepped;
      this._rate = this._rateMeter.rate();
      this._dropped = this._engine?.droppedSnapshots ?? 0;
    });
  }

  private _onSettingsInput = (event: CustomEvent<SettingsDraft>): void => {
    try {
      this._settings = parseSettings(event.detail);
      this._error = null;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this._error = { field: error.field, message: error.message };
    }
  };

  private _onCommand = (event: CustomEvent<TrainCommand>): void => {
    const loop = this._loop;
    if (!loop) return;
    switch (event.detail) {
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
        void this._reset(loop);
        break;
      default:
        event.detail satisfies never;
    }
  };

  private async _reset(loop: TrainingLoop): Promise<void> {
    this._resetting = true;
    try {
      await loop.reset(WALKTHROUGH_INIT);
    } finally {
      this._resetting = false;
    }
  }

  private _onSelfCheckRequest = (): void => {
    if (this._engine?.kind === 'webgpu' && this._selfCheck.status !== 'running') void this._runSelfCheck(this._session);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-app': SparsewatchApp;
  }
}
