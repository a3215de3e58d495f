'use client';
// One sender: listeners (live), an on/off switch, its status text, the lists it keeps (targets,
// access list) with a remove button per entry, and a form per subcommand that takes an argument.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { SenderSummary } from '@/lib/socket';
import { ErrorAlert } from '@/components/ui/error-alert';
import {
  parseStatus,
  primarySubcommand,
  receiverText,
  type StatusList,
  type UsageGroup,
} from './sender-text';
import { useSender, type SenderCommand } from './use-sender';
import styles from './senders.module.css';

export function SenderCard(props: { summary: SenderSummary; canWrite: boolean }) {
  const { name, isOn, listeners, mounts } = props.summary;
  const { help, status, command } = useSender(name, props.canWrite);
  // a change the server pushed (listeners, on/off) shows in the status text too
  const refetch = status.refetch;
  useEffect(() => {
    if (props.canWrite) void refetch();
  }, [isOn, listeners, props.canWrite, refetch]);
  const subs = new Set(help.data?.groups.flatMap((g) => g.subcommands) ?? []);
  const parsed = parseStatus(status.data ?? '', subs);
  const busy = command.isPending;
  const run = (c: SenderCommand) => command.mutate(c);
  const why = props.canWrite ? undefined : 'Your user may not control senders (needs VSS_WRITE).';
  const headingId = useId();
  const receivers = receiverText(name, listeners);

  return (
    <section
      className={`card ${styles.sender}`}
      aria-labelledby={headingId}
      data-testid={`sender-${name}`}
    >
      <header className={styles.head}>
        <h2 id={headingId}>{name}</h2>
        {receivers !== undefined ? (
          <span className="status" data-testid={`listeners-${name}`} aria-live="polite">
            {receivers}
          </span>
        ) : null}
        <label className={styles.switch} title={why}>
          <input
            type="checkbox"
            role="switch"
            checked={isOn}
            disabled={!props.canWrite || busy || !subs.has(isOn ? 'off' : 'on')}
            onChange={() => run({ sub: isOn ? 'off' : 'on' })}
          />
          {isOn ? 'On' : 'Off'}
        </label>
      </header>
      {mounts && mounts.length > 0 ? (
        <div>
          <h3 className={styles.listTitle}>Live mounts</h3>
          <ul className={styles.entries} aria-label={`${name} live mounts`}>
            {mounts.map((m) => (
              <li key={m.path} data-testid={`mount-${m.path.slice(1)}`}>
                <code>{m.path}</code>
                <span className="status">
                  {m.listeners} {m.listeners === 1 ? 'listener' : 'listeners'}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {!props.canWrite ? <p className="muted small">{why}</p> : null}
      {command.isError ? <ErrorAlert error={command.error} /> : null}
      {help.isError ? <ErrorAlert error={help.error} /> : null}
      {status.isError ? <ErrorAlert error={status.error} /> : null}
      {parsed.lists.map((list) => (
        <div key={list.label}>
          <h3 className={styles.listTitle}>{list.label}</h3>
          {list.entries.length === 0 ? (
            <p className="muted small">(empty)</p>
          ) : (
            <ul className={styles.entries} aria-label={`${name} ${list.label}`}>
              {list.entries.map((entry) => (
                <li key={entry}>
                  <code>{entry}</code>
                  {list.remove ? (
                    <button
                      type="button"
                      className="quiet"
                      disabled={busy}
                      aria-label={`Remove ${entry}`}
                      onClick={() => run({ sub: list.remove!, arg: entry })}
                    >
                      Remove
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
      {help.data?.groups
        .filter((g) => g.argument !== '')
        .map((g) => (
          <ArgumentForm
            key={g.subcommands.join('|')}
            sender={name}
            group={g}
            busy={busy}
            run={run}
            lists={parsed.lists}
          />
        ))}
      {help.data?.notes ? (
        <details>
          <summary>Examples</summary>
          <pre className={styles.pre}>{help.data.notes}</pre>
        </details>
      ) : null}
      {status.data ? (
        <details>
          <summary>Status text</summary>
          <pre className={styles.pre} data-testid={`status-${name}`}>
            {status.data}
          </pre>
        </details>
      ) : null}
    </section>
  );
}

function ArgumentForm(props: {
  sender: string;
  group: UsageGroup;
  busy: boolean;
  run: (c: SenderCommand) => void;
  lists: readonly StatusList[];
}) {
  const [value, setValue] = useState('');
  const id = useId();
  const { subcommands, argument } = props.group;
  const primary = primarySubcommand(subcommands, props.lists);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter;
    const sub = submitter?.getAttribute('value') ?? primary;
    if (sub && value.trim()) props.run({ sub, arg: value.trim() });
  };
  return (
    <form className={styles.argForm} onSubmit={submit}>
      <label htmlFor={id}>
        {subcommands.join(' / ')} <span className="muted small">{argument}</span>
      </label>
      <div className={styles.argRow}>
        <input
          id={id}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          placeholder={argument}
          autoComplete="off"
          spellCheck={false}
          required
        />
        {/* the main one first: Enter submits with the first submit button */}
        {[...subcommands]
          .sort((a, b) => Number(b === primary) - Number(a === primary))
          .map((sub) => (
            <button
              key={sub}
              type="submit"
              value={sub}
              className={sub === primary ? undefined : 'quiet'}
              disabled={props.busy}
              aria-label={`${sub} (${props.sender})`}
            >
              {sub}
            </button>
          ))}
      </div>
    </form>
  );
}
