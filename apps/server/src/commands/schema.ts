// Building blocks of command input schemas, shared so every command reads options alike.
import { z } from 'zod';

/** a flag option: true when given */
export const flag = z.boolean().default(false);

/** an integer option; lopsub accepts decimal and 0x hex */
export const int = (min: number, max: number) =>
  z
    .union([z.number(), z.string()])
    .transform((v, ctx) => {
      const n = typeof v === 'number' ? v : Number(v.trim());
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
export const noArgs = z.array(z.string()).max(0, 'this command takes no arguments').default([]);
