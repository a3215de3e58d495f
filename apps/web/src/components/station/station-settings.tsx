'use client';
// The dashboard's public station page: name, description, artwork, which parts are public
// (vss.station / vss.setstation), the link to /listen and the <iframe> snippet of /embed.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useAuth } from '@/lib/auth';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import styles from './station.module.css';

type Toggle = 'on' | 'off' | 'default';

function EmbedSnippet() {
  const [copied, setCopied] = useState(false);
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  const snippet = `<iframe src="${origin}/embed" width="360" height="180" title="Radio" style="border:0" allow="autoplay"></iframe>`;
  return (
    <section className="card" aria-labelledby="embed-h">
      <h2 id="embed-h">Embed the player</h2>
      <p className="small muted">
        Paste this into another site&apos;s page. Which sites may frame it: PARAWEB_EMBED_ANCESTORS
        on the web server (default: any).
      </p>
      <pre className={styles.snippet} data-testid="embed-snippet">
        {snippet}
      </pre>
      <button
        type="button"
        onClick={() =>
          void navigator.clipboard.writeText(snippet).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </section>
  );
}

export function StationSettingsPage() {
  const trpc = useTRPC();
  const auth = useAuth();
  const queryClient = useQueryClient();
  const station = useQuery(trpc.vss.station.queryOptions({ args: [] }));
  const save = useMutation(
    trpc.vss.setstation.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.vss.station.queryFilter()),
    }),
  );
  const s = station.data?.output.settings;
  const canWrite = auth.can('VSS_WRITE');

  const submit = (e: FormEvent<HTMLFormElement>): void => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string): string => {
      const v = f.get(k);
      return typeof v === 'string' ? v : '';
    };
    save.mutate({
      name: text('name'),
      description: text('description'),
      artwork: text('artwork'),
      public: text('public') as Toggle,
      listeners: text('listeners') as Toggle,
      next: text('next') as Toggle,
    });
  };
  const toggle = (name: string, label: string, value: boolean | undefined) => (
    <label>
      {label}{' '}
      <select name={name} defaultValue={value === undefined ? 'default' : value ? 'on' : 'off'}>
        <option value="on">on</option>
        <option value="off">off</option>
        <option value="default">as the server option says</option>
      </select>
    </label>
  );

  return (
    <div className={styles.settings}>
      <h1>Public station</h1>
      <p>
        Listeners need no login: <a href="/listen">/listen</a> (the station page),{' '}
        <a href="/embed">/embed</a> (a small player for other sites) and the API{' '}
        <code>/api/nowplaying</code>. They never show paths, users, moods or attributes.
      </p>
      {station.isError ? <ErrorAlert error={station.error} /> : null}
      {s ? (
        <form className="card" onSubmit={submit} key={JSON.stringify(station.data?.output.stored)}>
          <fieldset disabled={!canWrite || save.isPending}>
            <label>
              Name <input name="name" defaultValue={s.name} maxLength={100} />
            </label>
            <label>
              Description{' '}
              <textarea name="description" defaultValue={s.description} maxLength={1000} />
            </label>
            <label>
              Artwork (an image name){' '}
              <input name="artwork" defaultValue={s.artwork ?? ''} maxLength={255} />
            </label>
            {toggle('public', 'Public routes', s.publicOn)}
            {toggle('listeners', 'Publish the listener count', s.showListeners)}
            {toggle('next', 'Publish the next file', s.showNext)}
            <p className="small muted">
              An empty text returns a setting to the server option (--station-name, ...).
            </p>
            <button type="submit">Save</button>
          </fieldset>
          {!canWrite ? <p className="muted">Changing these needs VSS_WRITE.</p> : null}
          {save.isError ? <ErrorAlert error={save.error} /> : null}
          {save.isSuccess ? <p role="status">Saved.</p> : null}
        </form>
      ) : null}
      <EmbedSnippet />
    </div>
  );
}
