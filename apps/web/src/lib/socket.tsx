'use client';
// One socket.io connection per tab for live data (status, library changes, job progress,
// listeners), opened with the session cookie once the user is logged in.
import type {
  ClientToServerEvents,
  CommandAck,
  ServerToClientEvents,
  SenderSummary,
  StatusObject,
} from '@paraweb/server/socket-events';
import { io, type Socket } from 'socket.io-client';
import {
  createContext,
  useContext,
  useEffect,
  useEffectEvent,
  useState,
  type ReactNode,
} from 'react';
import { useApiUrl } from '@/app/providers';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type { CommandAck, SenderSummary, StatusObject };

/** the last value of the events pushed only on connect and on change, for pages opened later */
interface Latest {
  status?: StatusObject;
  senders?: SenderSummary[];
}

interface SocketValue {
  socket: LiveSocket | null;
  connected: boolean;
  latest: Latest;
}

const SocketContext = createContext<SocketValue>({ socket: null, connected: false, latest: {} });

export function SocketProvider(props: { children: ReactNode }) {
  const apiUrl = useApiUrl();
  const [value, setValue] = useState<SocketValue>({ socket: null, connected: false, latest: {} });
  useEffect(() => {
    const socket: LiveSocket = io(apiUrl, { withCredentials: true, transports: ['websocket'] });
    const latest: Latest = {};
    let open = true;
    const update = () => open && setValue({ socket, connected: socket.connected, latest });
    socket.on('connect', update);
    socket.on('disconnect', update);
    socket.on('vss:status', (s) => (latest.status = s));
    socket.on('senders:status', (s) => (latest.senders = s));
    // consumers get the socket (not yet connected) right after this effect, not during it
    queueMicrotask(update);
    return () => {
      open = false;
      socket.off('connect', update);
      socket.off('disconnect', update);
      socket.disconnect();
    };
  }, [apiUrl]);
  return <SocketContext value={value}>{props.children}</SocketContext>;
}

export function useSocket(): SocketValue {
  return useContext(SocketContext);
}

type EventName = keyof ServerToClientEvents;

/** Calls `handler` for every `event` the server pushes (the latest handler, without resubscribing). */
export function useSocketEvent<E extends EventName>(
  event: E,
  handler: ServerToClientEvents[E],
): void {
  const { socket } = useSocket();
  // the latest handler, without resubscribing when it changes
  const onEvent = useEffectEvent((...args: unknown[]) =>
    (handler as (...a: unknown[]) => void)(...args),
  );
  useEffect(() => {
    if (!socket) return;
    const listener = (...args: unknown[]) => onEvent(...args);
    // socket.io's typed on/off want the exact listener type of the event name
    const s = socket as unknown as {
      on(e: string, l: unknown): void;
      off(e: string, l: unknown): void;
    };
    s.on(event, listener);
    return () => s.off(event, listener);
  }, [socket, event]);
}

/** The vss status (docs/paraslash/status.md items by name), pushed after every change; undefined until known. */
export function useVssStatus(): StatusObject | undefined {
  const { latest } = useSocket();
  const [status, setStatus] = useState<StatusObject | undefined>(latest.status);
  useSocketEvent('vss:status', setStatus);
  return status;
}

/** Listeners per sender, pushed when they change. */
export function useSenderSummaries(): SenderSummary[] | undefined {
  const { latest } = useSocket();
  const [senders, setSenders] = useState<SenderSummary[] | undefined>(latest.senders);
  useSocketEvent('senders:status', setSenders);
  return senders;
}
