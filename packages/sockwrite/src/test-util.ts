// Waiting in the addon's tests (real sockets: conditions are polled).
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** polls `cond` every 10 ms until it holds; throws after `ms` */
export async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
