'use client';
// Uploads of dropped files and folders with the tus protocol (tus-js-client against the server's
// /api/uploads): checked against the server's limits before a byte is sent, resumable after a
// dropped connection (retries) or a reload (tus-js-client remembers unfinished uploads in
// localStorage: the same file dropped again continues where it stopped), cancellable, with the
// server's per-file result (added, duplicate of ..., not audio).
import { CSRF_HEADER } from '@paraweb/contracts';
import { useCallback, useRef, useState } from 'react';
import * as tus from 'tus-js-client';

export type UploadState =
  | { phase: 'waiting' | 'uploading' | 'adding'; sent: number }
  | { phase: 'added'; path: string }
  | { phase: 'duplicate'; of: string }
  | { phase: 'not audio' | 'refused' | 'failed'; reason: string }
  | { phase: 'cancelled' };

export interface UploadItem {
  key: string;
  name: string;
  size: number;
  state: UploadState;
}

export interface UploadLimits {
  maxBytes: number;
  dailyBytes: number;
  extensions: string[];
  /** bytes this user uploaded today (the server counts per UTC day, across restarts) */
  usedToday: number;
}

type Result =
  | { status: 'added'; path: string }
  | { status: 'duplicate'; of: string }
  | { status: 'not audio'; reason: string };

const mb = (n: number): string => `${+(n / 1024 / 1024).toFixed(1)} MB`;

/** Why `file` cannot be uploaded under these limits, before a byte is sent; `used`: what today's
 * uploads, these included, take of the daily limit before this one. */
export function refusal(
  file: { name: string; size: number },
  limits: UploadLimits,
  used = limits.usedToday,
): string | undefined {
  const dot = file.name.lastIndexOf('.');
  const ext = dot < 0 ? '' : file.name.slice(dot + 1).toLowerCase();
  if (!limits.extensions.includes(ext))
    return `${ext ? `.${ext}` : 'no extension'}: not an audio file (allowed: ${limits.extensions.join(', ')})`;
  if (file.size > limits.maxBytes)
    return `too large (${mb(file.size)}; at most ${mb(limits.maxBytes)})`;
  if (file.size === 0) return 'empty file';
  if (used + file.size > limits.dailyBytes)
    return `over the daily upload limit (${mb(used)} of ${mb(limits.dailyBytes)} used today)`;
  return undefined;
}

function resultState(body: string): UploadState {
  try {
    const r = JSON.parse(body) as Result;
    if (r.status === 'added') return { phase: 'added', path: r.path };
    if (r.status === 'duplicate') return { phase: 'duplicate', of: r.of };
    return { phase: 'not audio', reason: r.reason };
  } catch {
    return { phase: 'failed', reason: `unexpected answer: ${body.slice(0, 200)}` };
  }
}

export function useUploads(apiUrl: string, onAdded: () => void) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const uploads = useRef(new Map<string, tus.Upload>());
  const limits = useRef<UploadLimits | undefined>(undefined);

  const set = useCallback((key: string, state: UploadState) => {
    setItems((list) => list.map((i) => (i.key === key ? { ...i, state } : i)));
  }, []);

  const start = useCallback(
    async (files: { file: File; relativePath: string }[]) => {
      const res = await fetch(`${apiUrl}/api/uploads/limits`, {
        credentials: 'include',
        headers: { [CSRF_HEADER]: '1' },
      });
      const body = (await res.json()) as UploadLimits | { error: string };
      const added: UploadItem[] = files.map(({ file, relativePath }, i) => ({
        key: `${Date.now()}-${i}-${relativePath}`,
        name: relativePath,
        size: file.size,
        state: { phase: 'waiting', sent: 0 },
      }));
      setItems((list) => [...list, ...added]);
      if ('error' in body) {
        for (const item of added) set(item.key, { phase: 'refused', reason: body.error });
        return;
      }
      limits.current = body;
      let used = body.usedToday;
      for (const [i, { file, relativePath }] of files.entries()) {
        const key = added[i]!.key;
        const why = refusal(file, body, used);
        if (why) {
          set(key, { phase: 'refused', reason: why });
          continue;
        }
        used += file.size;
        const upload = new tus.Upload(file, {
          endpoint: `${apiUrl}/api/uploads`,
          metadata: { filename: file.name, relativePath },
          headers: { [CSRF_HEADER]: '1' },
          retryDelays: [0, 1000, 3000, 5000, 10000],
          removeFingerprintOnSuccess: true,
          onBeforeRequest(req) {
            (req.getUnderlyingObject() as XMLHttpRequest).withCredentials = true;
          },
          onProgress(sent, total) {
            set(key, { phase: sent < total ? 'uploading' : 'adding', sent });
          },
          onSuccess(payload) {
            uploads.current.delete(key);
            const state = resultState(payload.lastResponse.getBody() ?? '');
            set(key, state);
            if (state.phase === 'added') onAdded();
          },
          onError(err) {
            uploads.current.delete(key);
            const r = (err as tus.DetailedError).originalResponse;
            set(key, {
              phase: r ? 'refused' : 'failed',
              reason: r?.getBody()?.trim() || err.message,
            });
          },
        });
        uploads.current.set(key, upload);
        // an upload of this file that a reload interrupted continues where it stopped
        const previous = await upload.findPreviousUploads();
        if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
        upload.start();
      }
    },
    [apiUrl, onAdded, set],
  );

  const cancel = useCallback(
    (key: string) => {
      const upload = uploads.current.get(key);
      uploads.current.delete(key);
      set(key, { phase: 'cancelled' });
      // true: the server drops what it has of it
      void upload?.abort(true).catch(() => {});
    },
    [set],
  );

  const clear = useCallback(() => {
    setItems((list) => list.filter((i) => uploads.current.has(i.key)));
  }, []);

  return { items, start, cancel, clear };
}
