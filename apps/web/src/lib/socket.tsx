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
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
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
    const update = () => setValue({ socket, connected: socket.connected, latest });
    socket.on('connect', update);
    socket.on('disconnect', update);
    socket.on('vss:status', (s) => (latest.status = s));
    socket.on('senders:status', (s) => (latest.senders = s));
    setValue({ socket, connected: false, latest });
    return () => {
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
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: Parameters<ServerToClientEvents[E]>) =>
      (ref.current as (...a: typeof args) => void)(...args)) as ServerToClientEvents[E];
    // socket.io's typed on/off want the exact listener type of the event name
    const s = socket as unknown as {
      on(e: string, l: unknown): void;
      off(e: string, l: unknown): void;
    };
    s.on(event, listener);
    return () => s.off(event, listener);
  }, [socket, event]);
}

/** The vss status (status.md items by name), pushed after every change; undefined until known. */
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
