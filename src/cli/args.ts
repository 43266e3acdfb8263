/**
 * Splitting a command line into options: `--name value`, `--name=value` and switches, with a
 * `ConfigError` for an unknown option, a positional word, a switch given a value, or an
 * option given twice. Only the split: what each value means and may be is options.ts's job.
 */
import { ConfigError } from '../engine/config-error.ts';

export interface OptionNames {
  /** Switches, without the leading `--`: present or not. */
  switches: readonly string[];
  /** Options that take a value, without the leading `--`. */
  valued: readonly string[];
}

/**
 * Option name → its raw value (`true` for a switch). The value of a valued option is the
 * next word whatever it looks like (so `--lr -1` reads "-1"); missing at the end, it is
 * `undefined`, which the option's own check reports as "got nothing".
 */
export function splitArgs(args: readonly string[], names: OptionNames): Map<string, string | true | undefined> {
  const allowed = [...names.valued.map((name) => `--${name}`), ...names.switches.map((name) => `--${name}`)].join(', ');
  const found = new Map<string, string | true | undefined>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw new ConfigError('option', arg, allowed);
    const equals = arg.indexOf('=');
    const name = equals > 0 ? arg.slice(2, equals) : arg.slice(2);
    const inline = equals > 0 ? arg.slice(equals + 1) : undefined;
    let value: string | true | undefined;
    if (names.switches.includes(name)) {
      if (inline !== undefined) throw new ConfigError(name, inline, 'no value (it is a switch)');
      value = true;
    } else if (names.valued.includes(name)) {
      value = inline ?? args[++i];
    } else {
      throw new ConfigError('option', equals > 0 ? arg.slice(0, equals) : arg, allowed);
    }
    if (found.has(name)) throw new ConfigError(name, value === true ? `--${name}` : value, `one --${name} (it was given twice)`);
    found.set(name, value);
  }
  return found;
}
