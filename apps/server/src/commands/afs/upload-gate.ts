// Uploads (addimg, addlyr, addmood, addpl) are taken one at a time: each holds its bytes in memory
// until they are written, so three 60 MB uploads at once would hold three times as much. On the
// command port the next one is not even asked for its data (AWAITING_DATA) until the slot is free,
// so its bytes wait in the client and the kernel, not here.
import { ParaError } from '../../errors.js';

export class UploadGate {
  private busy = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly slots = 1) {}

  /** Waits for a slot; the returned function frees it. Rejects when `signal` aborts first. */
  async enter(signal?: AbortSignal): Promise<() => void> {
    if (this.busy >= this.slots) {
      await new Promise<void>((resolve, reject) => {
        const go = (): void => {
          signal?.removeEventListener('abort', cancel);
          resolve();
        };
        const cancel = (): void => {
          this.queue.splice(this.queue.indexOf(go), 1);
          reject(new ParaError('E_CANCELLED', 'cancelled while waiting to upload'));
        };
        if (signal?.aborted) return cancel();
        this.queue.push(go);
        signal?.addEventListener('abort', cancel, { once: true });
      });
    }
    this.busy++;
    let freed = false;
    return () => {
      if (freed) return;
      freed = true;
      this.busy--;
      this.queue.shift()?.();
    };
  }
}
