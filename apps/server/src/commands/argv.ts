// GNU-style option parsing as lopsub does it for paraslash commands: -x, -xVALUE, -x VALUE,
// -x=VALUE, --name, --name=VALUE, --name VALUE, bundled flags (-lpr), optional arguments (-l,
// -l=v, --listing-mode=v) and `--` ending the options. Values stay strings; zod converts them.
// Error texts are lopsub's (docs/paraslash/commands.md §0), followed by the option as typed.
import { ParaError } from '../errors.js';
import { clip } from './echo.js';

export interface OptionSpec {
  /** property of the command input */
  key: string;
  short?: string;
  long: string;
  arg: 'none' | 'required' | 'optional';
  /** value an optional-argument option takes when given without one */
  implicit?: string;
  /** may be given more than once (values collect in an array) */
  multiple?: boolean;
  help: string;
}

export type ParsedArgv = Record<string, unknown> & { args: string[] };

/**
 * `spelled` receives, per input key, the option as the user wrote it (`-s` or `--sort`), so that
 * a complaint about its value can name it that way.
 */
export function parseArgv(
  cmd: string,
  specs: readonly OptionSpec[],
  argv: string[],
  spelled: Map<string, string> = new Map(),
): ParsedArgv {
  const out: ParsedArgv = { args: [] };
  const set = (spec: OptionSpec, as: string, value: string | true): void => {
    spelled.set(spec.key, as);
    if (spec.multiple) {
      const prev = out[spec.key];
      out[spec.key] = Array.isArray(prev) ? [...(prev as unknown[]), value] : [value];
    } else out[spec.key] = value;
  };
  const err = (msg: string, typed: string): ParaError =>
    new ParaError('E_SYNTAX', `${cmd}: ${msg}: ${clip(typed)}`);
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const matches = specs.filter((s) => s.long.startsWith(name));
      const spec =
        specs.find((s) => s.long === name) ?? (matches.length === 1 ? matches[0] : undefined);
      if (!spec) {
        if (matches.length > 1)
          throw err(
            'option is ambiguous',
            `--${name} (${matches.map((s) => `--${s.long}`).join(', ')})`,
          );
        throw err('option not recognized', `--${name}`);
      }
      const as = `--${spec.long}`;
      if (spec.arg === 'none') {
        if (eq >= 0) throw err('argument given to non-arg option', a);
        set(spec, as, true);
      } else if (eq >= 0) set(spec, as, a.slice(eq + 1));
      else if (spec.arg === 'optional') set(spec, as, spec.implicit ?? true);
      else {
        const v = argv[++i];
        if (v === undefined) throw err('argument required but not given', as);
        set(spec, as, v);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        const spec = specs.find((s) => s.short === ch);
        if (!spec) throw err('option not recognized', `-${ch}`);
        const as = `-${ch}`;
        if (spec.arg === 'none') {
          set(spec, as, true);
          continue;
        }
        let rest = a.slice(j + 1);
        // -x=value as well as -xvalue, for every option with an argument (`help ls`: -s=order)
        if (rest.startsWith('=')) rest = rest.slice(1);
        else if (rest.length === 0 && spec.arg === 'required') {
          const v = argv[++i];
          if (v === undefined) throw err('argument required but not given', as);
          rest = v;
        }
        if (spec.arg === 'optional' && rest.length === 0) set(spec, as, spec.implicit ?? true);
        else set(spec, as, rest);
        break;
      }
      continue;
    }
    // GNU permutation is off (lopsub stops at the first non-option), which keeps patterns
    // like "-foo-" safe after the first argument.
    break;
  }
  out.args = argv.slice(i);
  return out;
}
