// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
/** What travels on every transport (JSON-RPC 2.0), and what a link provides. */

/** The code of the client's "send failed" error (ClientErrorCode.sendFailed),
 * which a link also gives a call whose request got no usable answer. */
export const SEND_FAILED = -32052;

export interface WireMessage {
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** The messages in one text message from Python: one message, or a JSON-RPC
 * 2.0 batch (an array, in order), which the WebSocket transport sends when
 * several messages are queued at once. */
export function parseMessages(text: string): WireMessage[] {
  const decoded = JSON.parse(text) as WireMessage | WireMessage[];
  return Array.isArray(decoded) ? decoded : [decoded];
}

export interface WireRequest {
  jsonrpc: "2.0";
  id: number;
  method: string;
  params: unknown;
}

/** Where the page stands: sent on every (re)connection and call (see bridge/resume.py). */
export interface Position {
  /** This page's id: the server answers a re-sent call (same client, same id) once. */
  client: string;
  /** The app run whose events the page has, and the last of them. */
  epoch: string | null;
  after: number | null;
}

export function positionQuery(position: Position): string {
  const query = new URLSearchParams({ client: position.client });
  if (position.epoch !== null) query.set("epoch", position.epoch);
  if (position.after !== null) query.set("after", String(position.after));
  return query.toString();
}

/** What one link (one connection attempt) reports; nothing after lost(). */
export interface LinkHandlers {
  /** A message from Python; `data` is the payload of a binary one. The first
   * is always `$/hello`: from then on the link works. */
  message(message: WireMessage, data?: Uint8Array<ArrayBuffer>): void;
  /** The link dropped or never opened; the reconnector decides what next. */
  lost(): void;
}

/** One connection attempt to Python (see reconnect.ts), for one transport. */
export interface Link {
  /** Send a request; `text` is the request as JSON (encoded once, by the client). */
  send(request: WireRequest, text: string): void;
  /** Send a request with bytes; `frame` holds both (see frame.ts). */
  sendBinary(request: WireRequest, frame: Uint8Array<ArrayBuffer>): void;
  close(): void;
}

export type OpenLink = (handlers: LinkHandlers, position: Position) => Link;
