/** What travels on every transport (JSON-RPC 2.0), and what a link provides. */

export interface WireMessage {
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export interface WireRequest {
  jsonrpc: "2.0";
  id: number;
  method: string;
  params: unknown;
}

export interface LinkHandlers {
  open(): void;
  /** The transport lost the connection and is retrying by itself. */
  retrying(): void;
  /** A message from Python; `data` is the payload of a binary one. */
  message(message: WireMessage, data?: Uint8Array<ArrayBuffer>): void;
  closed(): void;
}

export interface Link {
  /** Send a request; `text` is the request as JSON (encoded once, by the client). */
  send(request: WireRequest, text: string): void;
  /** Send a request with bytes; `frame` holds both (see frame.ts). */
  sendBinary(request: WireRequest, frame: Uint8Array<ArrayBuffer>): void;
  close(): void;
}
