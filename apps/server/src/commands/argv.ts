// GNU-style option parsing as lopsub does it for paraslash commands: -x, -xVALUE, -x VALUE,
// --name, --name=VALUE, --name VALUE, bundled flags (-lpr), optional arguments (-l, -l=v,
// --listing-mode=v) and `--` ending the options. Values stay strings; zod converts them.
import { ParaError } from '../errors.js';

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

export function parseArgv(cmd: string, specs: readonly OptionSpec[], argv: string[]): ParsedArgv {
  const out: ParsedArgv = { args: [] };
  const set = (spec: OptionSpec, value: string | true): void => {
    if (spec.multiple) {
      const prev = out[spec.key];
      out[spec.key] = Array.isArray(prev) ? [...(prev as unknown[]), value] : [value];
    } else out[spec.key] = value;
  };
  const err = (msg: string): ParaError => new ParaError('E_SYNTAX', `${cmd}: ${msg}`);
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
      if (!spec)
        throw err(matches.length > 1 ? `ambiguous option --${name}` : `unknown option --${name}`);
      if (spec.arg === 'none') {
        if (eq >= 0) throw err(`option --${spec.long} takes no argument`);
        set(spec, true);
      } else if (eq >= 0) set(spec, a.slice(eq + 1));
      else if (spec.arg === 'optional') set(spec, spec.implicit ?? true);
      else {
        const v = argv[++i];
        if (v === undefined) throw err(`option --${spec.long} requires an argument`);
        set(spec, v);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        const spec = specs.find((s) => s.short === ch);
        if (!spec) throw err(`unknown option -${ch}`);
        if (spec.arg === 'none') {
          set(spec, true);
          continue;
        }
        let rest = a.slice(j + 1);
        if (spec.arg === 'optional') {
          if (rest.startsWith('=')) rest = rest.slice(1);
          set(spec, rest.length > 0 ? rest : (spec.implicit ?? true));
        } else if (rest.length > 0) set(spec, rest);
        else {
          const v = argv[++i];
          if (v === undefined) throw err(`option -${ch} requires an argument`);
          set(spec, v);
        }
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
