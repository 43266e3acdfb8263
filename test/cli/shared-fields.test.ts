/**
 * The command line and the page's URL check the fields they share with one schema
 * (src/engine/field-rules.ts): for each such field, every word below is either accepted by
 * both or refused by both, and a refusal names the same allowed values. The words probe the
 * edges: signs, exponents, f32's range, fractions where whole numbers are wanted, and text
 * that `Number` would read (hex, Infinity) but a user's decimal never is.
 */
import { describe, expect, test } from 'vitest';
import { parseTrainArgs } from '../../src/cli/options.ts';
import { ConfigError } from '../../src/engine/config-error.ts';
import { parseUrlState } from '../../src/ui/url-state.ts';

/** Command-line option, its URL key, the problem both are read for, and the words to try. */
const SHARED: [option: string, key: string, problem: string, words: string[]][] = [
  ['lr', 'lr', 'walkthrough', ['0.5', '0', '1e3', '3.4e38', '3.5e38', '-1', '0x10', 'Infinity', 'abc']],
  ['l1', 'l1_1', 'walkthrough', ['0.1', '0', '2e-3', '-0.1', '3.5e38', 'NaN', '1,5']],
  ['seed', 'seed', 'walkthrough', ['0', '7', '4294967295', '4294967296', '1.5', '-1', '1e3']],
  ['epsilon', 'eps', 'walkthrough', ['1e-3', '0.5', '0', '-1e-3', '3.5e38']],
  ['noise', 'noise', 'regression', ['0', '0.1', '1000000', '1000001', '-0.1']],
  ['nonzeros', 'k', 'regression', ['1', '5', '0', '65537', '2.5']],
];

/** The CLI's verdict on `--option word`: null when accepted, else what it says is allowed. */
function cliVerdict(option: string, problem: string, word: string): string | null {
  const extra = option === 'l1' ? ['--rule', 'l1-prox'] : [];
  try {
    parseTrainArgs(['--problem', problem, ...extra, `--${option}`, word]);
    return null;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.field).toBe(option);
    return error.allowed;
  }
}

/** The URL's verdict on `key=word`: null when accepted, else the message reported for the key. */
function urlVerdict(key: string, problem: string, word: string): string | null {
  const page = problem === 'regression' ? 'recovery' : problem;
  const { problems } = parseUrlState(`?problem=${page}&${key}=${encodeURIComponent(word)}`);
  return problems.find((message) => message.startsWith(`${key}: got `)) ?? null;
}

describe('shared fields: the command line and the URL agree', () => {
  for (const [option, key, problem, words] of SHARED) {
    test.each(words)(`--${option} / ${key}=%s`, (word) => {
      const cli = cliVerdict(option, problem, word);
      const url = urlVerdict(key, problem, word);
      expect(url === null, `URL ${key}=${word}: ${url}`).toBe(cli === null);
      // The first clause of what is allowed is the shared schema's; surfaces may add a note
      // after a comma or in parentheses (what an empty box means, a limit named in their terms).
      if (cli !== null) expect(url).toContain(`allowed: ${cli.split(/[,(]/)[0]!.trim()}`);
    });
  }

  test('the probes include refusals on both sides', () => {
    const refused = SHARED.flatMap(([option, , problem, words]) => words.filter((w) => cliVerdict(option, problem, w) !== null));
    expect(refused.length).toBeGreaterThan(15);
  });
});
