// Building blocks of command input schemas, shared so every command reads options alike, and the
// words a refused input is explained in (lopsub's where it has them, docs/paraslash/commands.md §0).
import { z } from 'zod';

/** a flag option: true when given */
export const flag = z.boolean().default(false);

/** an integer option; lopsub accepts decimal and 0x hex */
export const int = (min: number, max: number) =>
  z
    .union([z.number(), z.string()])
    .transform((v, ctx) => {
      const n = typeof v === 'number' ? v : v.trim() === '' ? NaN : Number(v.trim());
      if (!Number.isInteger(n)) {
        ctx.addIssue({ code: 'custom', message: `not an integer: ${String(v)}` });
        return z.NEVER;
      }
      return n;
    })
    .pipe(z.number().min(min).max(max));

export const args = z.array(z.string());
export const someArgs = (what: string) =>
  z.array(z.string()).min(1, `at least one ${what} is needed`);
export const exactArgs = (n: number, what: string) =>
  z.array(z.string()).length(n, `exactly ${n} argument${n === 1 ? '' : 's'} needed: ${what}`);
export const noArgs = z.array(z.string()).max(0).default([]);

const given = (input: unknown): string => (Array.isArray(input) ? `, ${input.length} given` : '');
const plural = (n: number | bigint): string => (Number(n) === 1 ? 'arg' : 'args');

/**
 * What a refused value means, for the issues a schema leaves to zod's defaults (a message the
 * schema gives itself wins): no zod wording reaches a user.
 */
export const issueText: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'too_big':
      if (iss.origin === 'array')
        return Number(iss.maximum) === 0
          ? `no non-option args allowed${given(iss.input)}`
          : `at most ${iss.maximum} non-option ${plural(iss.maximum)} allowed${given(iss.input)}`;
      return `value too large (at most ${iss.maximum})`;
    case 'too_small':
      if (iss.origin === 'array')
        return `at least ${iss.minimum} non-option ${plural(iss.minimum)} required${given(iss.input)}`;
      return `value too small (at least ${iss.minimum})`;
    case 'invalid_value':
      return `invalid value, must be one of ${iss.values.map(String).join(' ')}`;
    case 'invalid_type':
      return iss.expected === 'boolean'
        ? 'takes no value (true or false)'
        : `invalid value, expected ${iss.expected === 'array' ? 'a list' : `a ${iss.expected}`}`;
    default:
      return 'invalid value';
  }
};
