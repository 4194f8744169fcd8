// Type declarations of @switchboard/client (switchboard-client.js). Semantics: README.md and docs/client.md.

/** A room event as the bridge delivers it. */
export interface Envelope<T = unknown> {
  id: string;
  room: string;
  type: string;
  data: T;
  ts: string;
  offset: number;
  epoch: string;
  source?: string;
  correlationId?: string;
}

/** The answer to a publish. */
export interface PublishAck {
  id: string;
  room: string;
  offset: number;
  epoch: string;
  duplicate?: boolean;
}

/** Why a room's missed events could not be recovered; the app reloads the room's state. */
export interface ResetInfo {
  recovered: false;
  /** `recovery`: the bridge's sb.recovery notice; `epoch`: an event of another epoch; `gap`: an event past a gap. */
  reason: 'recovery' | 'epoch' | 'gap';
  /** The room's offset and epoch the subscription goes on from. */
  offset: number;
  epoch: string;
  /** The position the subscription had. */
  before: number | null;
  beforeEpoch: string | null;
}

/** The bridge's welcome on `sb.session` (servers that send one). */
export interface Session {
  node: string;
  sub: string;
  exp: number;
  limits: Record<string, unknown>;
}

export type State = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface StateEvent {
  state: State;
  url?: string;
  /** connecting / reconnecting: consecutive failed attempts so far. */
  attempt?: number;
  /** reconnecting: ms until the next attempt. */
  delay?: number;
  /** reconnecting / closed: the close code and reason of the socket. */
  code?: number;
  reason?: string;
  /** closed: true when the client will not reconnect. */
  final?: boolean;
  /** closed: why (from the close-code table). */
  why?: string;
  opens?: number;
  action?: 'retry' | 'move' | 'refresh';
}

export interface RetryEvent {
  room: string;
  id: string;
  attempt: number;
  delay: number;
  error: SwitchboardError;
}

export interface SwitchboardError extends Error {
  /** The HTTP status of a bridge refusal (403, 429, 503 …), 0 for the client's own failures. */
  failureCode: number;
  /** `ACCESS_DENIED`, `INVALID`, `LIMIT`, `UNAVAILABLE` … or the client's `TIMEOUT`, `CONNECTION_LOST`, `CLOSED`. */
  failureType: string;
  /** Set on errors of a room registration. */
  room?: string;
}

export interface TokenRequest {
  /** `connect`: a (re)connect; `expired`: the bridge closed 4401, the last token is no good; `refresh`: before exp. */
  reason: 'connect' | 'expired' | 'refresh';
}

export interface ConnectOptions {
  getToken(request: TokenRequest): string | Promise<string>;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  drainJitterMs?: number;
  requestTimeoutMs?: number;
  publishTimeoutMs?: number;
  publishDeadlineMs?: number;
  settleMs?: number;
  refreshMarginMs?: number;
  pingIntervalMs?: number;
  /** The EventBus constructor (default: require('@vertx/eventbus-bridge-client.js'), or the page's global EventBus). */
  EventBus?: unknown;
  /** Replaces Math.random in the backoff (tests). */
  random?: () => number;
  /** Index in urls of the first node to try (default 0). */
  startIndex?: number;
}

export interface SubscribeOptions {
  /** Only these event types (register header `types`). */
  types?: string[];
  /** `start` (default): from the oldest event the room keeps; `live`: only events from now on. */
  from?: 'start' | 'live';
  /** Resume from a known position (e.g. kept in sessionStorage). */
  since?: number;
  epoch?: string;
  onReset?(info: ResetInfo): void;
  onError?(error: SwitchboardError): void;
  /** Each time the registration is live on a socket: `ack` (the bridge said so), `event`, or `settled`. */
  onLive?(how: 'ack' | 'event' | 'settled'): void;
}

export interface Subscription {
  readonly room: string;
  /** The offset and epoch of the last event handed over (or of the last reset). */
  offset: number | null;
  epoch: string | null;
  readonly live: boolean;
  readonly duplicates: number;
  /** Resolves when the registration is live on the current socket. */
  ready(): Promise<Subscription>;
  /** Asks sb.history.replay (needs its inbound rule) for events after the offset, handed over by the same rules. */
  catchUp(): Promise<number>;
  unsubscribe(): void;
}

export interface PublishEvent<T = unknown> {
  type: string;
  data?: T;
  /** 1–64 of [A-Za-z0-9_.-]; made once when absent. */
  id?: string;
  correlationId?: string;
}

export interface Presence {
  room: string;
  members: Array<{ user: string; connections: number }>;
}

export interface Room {
  readonly name: string;
  subscribe<T = unknown>(handler: (event: Envelope<T>) => void, options?: SubscribeOptions): Subscription;
  publish<T = unknown>(event: PublishEvent<T>, options?: { publishTimeoutMs?: number; publishDeadlineMs?: number }): Promise<PublishAck>;
  presence(options?: { timeoutMs?: number }): Promise<Presence>;
  members(options?: { timeoutMs?: number }): Promise<Presence['members']>;
}

export interface Client {
  readonly state: State;
  readonly url: string | null;
  readonly opens: number;
  readonly session: Session | null;
  on(event: 'state' | 'connecting' | 'open' | 'reconnecting' | 'closed', listener: (event: StateEvent) => void): () => void;
  on(event: 'session', listener: (session: Session) => void): () => void;
  on(event: 'reset', listener: (room: string, info: ResetInfo) => void): () => void;
  on(event: 'retry', listener: (retry: RetryEvent) => void): () => void;
  on(event: 'refreshed', listener: (refreshed: { exp: number }) => void): () => void;
  on(event: 'error', listener: (error: SwitchboardError | Error) => void): () => void;
  /** Events of rooms this client has no subscription to (e.g. registered by the bridge: bridge.autoSubscribe). */
  on(event: 'message', listener: (room: string, event: Envelope) => void): () => void;
  onReset(listener: (room: string, info: ResetInfo) => void): () => void;
  room(name: string): Room;
  subscribe<T = unknown>(room: string, handler: (event: Envelope<T>) => void, options?: SubscribeOptions): Subscription;
  publish<T = unknown>(room: string, event: PublishEvent<T>, options?: { publishTimeoutMs?: number; publishDeadlineMs?: number }): Promise<PublishAck>;
  request<R = unknown>(address: string, body: unknown, options?: { timeoutMs?: number; headers?: Record<string, string> }): Promise<R>;
  presence(room: string, options?: { timeoutMs?: number }): Promise<Presence>;
  /** Refreshes the token in band now (sb.auth.refresh); resolves with the new exp. */
  refreshToken(): Promise<number | null>;
  isOpen(): boolean;
  close(): void;
}

export interface ClosePolicy {
  action: 'retry' | 'move' | 'refresh' | 'stop';
  minAttempt?: number;
  why: string;
}

export function connect(urls: string | string[], options: ConnectOptions): Client;
export function closePolicy(code: number): ClosePolicy;
export function backoffDelay(attempt: number, options?: { backoffBaseMs?: number; backoffMaxMs?: number }, random?: () => number): number;
export const CLOSE_CODES: Readonly<Record<number, ClosePolicy>>;
export const version: string;
