/**
 * `sparsewatch train --problem digits`: the MLP on the committed MNIST digits
 * (src/problems/digits/), one engine per run, the runs in lockstep over the same minibatches
 * from the same weights. Writes a table, JSON lines or CSV rows per snapshot and a summary
 * whose `metrics` carry the names every problem's summary uses (`loss` is the training loss
 * since the previous snapshot, `accuracy` the held-out accuracy); with --save, each run's
 * weights and biases as a checkpoint (digits-checkpoint.ts), from which --resume starts the
 * runs again (digits-resume.ts). Biases are not regularised: they are the network's own few
 * numbers, kept beside the engine.
 */
import { encodeCheckpoint } from '../data/checkpoint.ts';
import { digitsEngineOptions, runDigits, stepsFor, type DigitsMetrics, type DigitsResult, type DigitsSettings } from '../problems/digits/index.ts';
import { loadDigitsFile } from '../problems/digits/load-node.ts';
import { toUpdateParams } from '../engine/checks.ts';
import { planDigits } from './digits-resume.ts';
import { createEngines, type EngineMaker } from './engine-choice.ts';
import type { DigitsOptions } from './options.ts';
import { OutputFiles } from './outputs.ts';
import { ProgressBar } from './progress-bar.ts';
import { describeUpdate, pad, roundRate, runFields, RUN_WIDTH, shortF32, showFraction, showNumber, summaryMetrics } from './report-format.ts';
import type { TrainIo } from './train.ts';

/** A snapshot's metrics in their JSON and CSV order (step and run come first). */
const SNAPSHOT_FIELDS = ['epoch', 'trainLoss', 'trainAccuracy', 'heldOutLoss', 'heldOutAccuracy', 'exactZeroFraction', 'nearZeroFraction', 'firstLayerExactZeroFraction', 'l1Norm', 'l2NormSquared'] as const;

function snapshotValues(m: DigitsMetrics): Record<(typeof SNAPSHOT_FIELDS)[number], number | null> {
  return {
    epoch: Number(m.epoch.toFixed(4)),
    trainLoss: m.trainLoss,
    trainAccuracy: m.trainAccuracy,
    heldOutLoss: m.heldOutLoss,
    heldOutAccuracy: m.heldOutAccuracy,
    exactZeroFraction: m.exactZeroFraction,
    nearZeroFraction: m.nearZeroFraction,
    firstLayerExactZeroFraction: m.layers[0]?.exactZeroFraction ?? null,
    l1Norm: shortF32(m.l1Norm),
    l2NormSquared: shortF32(m.l2NormSquared),
  };
}

export async function trainDigits(options: DigitsOptions, maker: EngineMaker, io: TrainIo): Promise<number> {
  const data = await loadDigitsFile();
  // The checkpoints are read before --save opens (maybe the same) files.
  const { settings, runs, from, resumedStep } = planDigits(options);
  const outputs = OutputFiles.open(options.csv, options.save, runs.map((run) => run.label));
  try {
    const engineOptions = runs.map(() => digitsEngineOptions(settings));
    const made = await createEngines(maker, engineOptions, options.engine === 'auto');
    io.stderr(made.maker.line);
    try {
      const steps = stepsFor(settings, data.train.length);
      const bar = new ProgressBar(io.progress, steps, 'train');
      const out = (line: string) => {
        bar.clear();
        io.stdout(line);
      };
      const { hidden, loss, batch, epochs, epsilon } = settings;
      if (!options.json) {
        out(`digits: ${data.train.length.toLocaleString('en-US')} training and ${data.heldOut.length.toLocaleString('en-US')} held-out MNIST digits; 784-${[...hidden, 10].join('-')} MLP, ${loss} loss, batch ${batch}, ${epochs} epochs = ${steps.toLocaleString('en-US')} steps`);
        if (from) out(`Resumed from ${options.resume} (weights and biases saved at step ${resumedStep.toLocaleString('en-US')}); steps count from 0.`);
        out('The regulariser acts on the weights only: biases take the plain gradient step.');
        for (const run of runs) out(describeUpdate(run.label, run.regulariser, toUpdateParams(run.regulariser)));
        out(`Near zero: |w| < ε = ${epsilon}, counted exactly per layer.`);
        out('');
        out(`${pad('run', RUN_WIDTH)}${['step', 'epoch', 'loss', 'held-out', 'accuracy', 'exact 0', 'layer-1 0'].map(cell).join('')}`);
      }
      outputs.writeCsv(['run', 'step', ...SNAPSHOT_FIELDS].join(','));
      const regularisers = runs.map((r) => r.regulariser);
      const result = await runDigits(made.engines, data, settings, regularisers, (frame) => {
        bar.update(frame.step);
        frame.metrics?.forEach((metrics, r) => {
          const run = runs[r]!.label;
          const values = snapshotValues(metrics);
          if (options.json) out(JSON.stringify({ type: 'snapshot', run, step: metrics.step, ...values }));
          else out(tableRow(run, metrics));
          outputs.writeCsv([run, metrics.step, ...Object.values(values).map((value) => value ?? '')].join(','));
        });
      }, { save: outputs.saving, from });
      bar.clear();
      result.saved?.forEach(({ settings, ...saved }, i) => {
        const run = runs[i]!;
        outputs.writeCheckpoint(i, encodeCheckpoint({ ...saved, settings: { ...settings, run: run.label, ...run.regulariser } }));
      });
      if (options.json) out(summaryLine(result, settings, made.maker.kind));
      else {
        out('');
        out(`${result.paramCount.toLocaleString('en-US')} weights per run; ${showNumber(roundRate(result.stepsPerSecond))} steps/s, ${showNumber(roundRate(result.parametersPerSecond))} weights updated/s`);
      }
    } finally {
      for (const engine of made.engines) engine.destroy();
    }
  } finally {
    outputs.close();
  }
  return 0;
}

const cell = (text: string) => pad(text, 11);

function tableRow(run: string, m: DigitsMetrics): string {
  const cells = [String(m.step), m.epoch.toFixed(2), showNumber(m.trainLoss), showNumber(m.heldOutLoss), showNumber(m.heldOutAccuracy)];
  cells.push(showFraction(m.exactZeroFraction), showFraction(m.layers[0]?.exactZeroFraction ?? 0));
  return `${pad(run, RUN_WIDTH)}${cells.map(cell).join('')}`;
}

function summaryLine(result: DigitsResult, settings: DigitsSettings, engine: string): string {
  return JSON.stringify({
    type: 'summary',
    problem: 'digits',
    engine,
    network: result.network,
    paramCount: result.paramCount,
    biasCount: result.biasCount,
    steps: result.steps,
    settings,
    runs: result.runs.map((run) => ({
      ...runFields(run.label, run.regulariser),
      metrics: summaryMetrics({
        loss: run.final.trainLoss,
        heldOutLoss: run.final.heldOutLoss,
        exactZeroFraction: run.final.exactZeroFraction,
        nearZeroFraction: run.final.nearZeroFraction,
        accuracy: run.final.heldOutAccuracy,
        stepsPerSecond: roundRate(result.stepsPerSecond),
      }),
      layers: run.final.layers,
    })),
  });
}
