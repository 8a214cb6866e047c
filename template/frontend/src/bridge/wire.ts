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
  message(message: WireMessage): void;
  closed(): void;
}

export interface Link {
  send(request: WireRequest): void;
  close(): void;
}
