/**
 * The `sparsewatch` command: `train` (src/cli/train.ts) and `bench` (src/cli/bench.ts),
 * plus `--help`. It picks the subcommand, sets the exit code the subcommand returns, and
 * turns an unexpected error into one line on stderr with exit code 1 (a stack trace is for
 * us, not for a user; set SPARSEWATCH_DEBUG=1 to see it). `bench` is loaded on demand, so
 * `train` does not pay for Vite and Playwright at startup. It also gives `train` the process
 * itself: stdout, stderr, and a way to run the same command again under another environment
 * (the GPU engine on SwiftShader needs that: see dawn.ts).
 *
 * Run it as `npx sparsewatch …` (package.json's bin, src/cli/sparsewatch.mjs) or
 * `npm run sparsewatch -- …`.
 */
import { spawn } from 'node:child_process';
import { ConfigError } from '../engine/config-error.ts';
import { runTrain, type TrainIo } from './train.ts';

const COMMANDS = ['train', 'bench'] as const;

export const USAGE = `Usage: sparsewatch <command> [options]

Commands:
  train     train with L1 or L2, one rule or several in lockstep: the notebook's
            walkthrough (L1 reaches exactly 0, L2 only shrinks) or sparse regression on
            generated data or your own (CPU engine, or GPU through Dawn)
  bench     time the parameter update in headless Chromium (software WebGPU)

Run \`sparsewatch <command> --help\` for a command's options.`;

/** Signals that mean the process crashed, rather than that something stopped it. */
const CRASHES: readonly NodeJS.Signals[] = ['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGABRT'];

/**
 * The same command in a child process (node, its flags, this script, the same arguments) with
 * `env` added, sharing stdin, stdout and stderr; resolves to its exit code.
 */
function relaunch(env: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (error) => {
      console.error(`error: could not run the command again: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      if (signal) console.error(`error: the GPU process ended on ${signal}${CRASHES.includes(signal) ? ' (a crash in Dawn or the Vulkan driver)' : ''}`);
      resolve(code ?? 1);
    });
  });
}

const processIo: TrainIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  progress: process.stderr,
  relaunch,
};

async function main(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'train') return runTrain(rest, processIo);
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
