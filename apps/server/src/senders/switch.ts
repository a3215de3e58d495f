// `sender <name> on|off` is the same for every sender: start() or stop(), no output.
import type { Sender } from './types.js';

/** Runs on or off; undefined for any other subcommand (the sender's own). */
export async function switchOnOff(
  sender: Pick<Sender, 'start' | 'stop'>,
  sub: string,
): Promise<string | undefined> {
  if (sub === 'on') await sender.start();
  else if (sub === 'off') await sender.stop();
  else return undefined;
  return '';
}
