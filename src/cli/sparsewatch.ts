/**
 * The `sparsewatch` command: `train` (src/cli/train.ts) and `bench` (src/cli/bench.ts),
 * plus `--help`. It picks the subcommand, sets the exit code the subcommand returns, and
 * turns an unexpected error into one line on stderr with exit code 1 (a stack trace is for
 * us, not for a user; set SPARSEWATCH_DEBUG=1 to see it). `bench` is loaded on demand, so
 * `train` does not pay for Vite and Playwright at startup.
 *
 * Run it as `npx sparsewatch …` (package.json's bin, src/cli/sparsewatch.mjs) or
 * `npm run sparsewatch -- …`.
 */
import { ConfigError } from '../engine/config-error.ts';
import { runTrain } from './train.ts';

const COMMANDS = ['train', 'bench'] as const;

export const USAGE = `Usage: sparsewatch <command> [options]

Commands:
  train     train on the CPU engine: the notebook's walkthrough (L1 reaches exactly 0,
            L2 only shrinks), one rule or several in lockstep
  bench     time the parameter update in headless Chromium (software WebGPU)

Run \`sparsewatch <command> --help\` for a command's options.`;

async function main(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'train') return runTrain(rest);
  if (command === 'bench') {
    const { main: bench } = await import('./bench.ts');
    return bench(rest);
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  console.error(new ConfigError('command', command, COMMANDS.join(' or ')).message);
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (process.env.SPARSEWATCH_DEBUG) console.error(error);
    else console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
