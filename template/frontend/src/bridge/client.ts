/**
 * The typed client of the Python bridge: `call` and `on` are typed by the
 * generated protocol (method and event names, params, results), so a wrong
 * name or shape is a compile error. Framework-free; the transport lives in
 * ./link.ts.
 */
import { openLink } from "./link";
import type { Events, Methods } from "./protocol";
import type { Link, WireMessage } from "./wire";

export type ConnectionState = "connecting" | "open" | "reconnecting" | "closed";
/** Methods that move bytes (a `data: bytes` parameter or a WithBytes result). */
export type BinaryMethodName = {
  [M in keyof Methods]: Methods[M] extends { upload: true } | { download: true } ? M : never;
}[keyof Methods];
/** Methods called with JSON params and answered with a JSON result. */
export type MethodName = Exclude<keyof Methods, BinaryMethodName>;
export type Params<M extends MethodName> = Methods[M]["params"];
export type Result<M extends MethodName> = Methods[M]["result"];
export type EventName = keyof Events;
export type EventHandler<E extends EventName> = (data: Events[E], seq: number) => void;

/** Codes of errors raised by the client itself (the server's are JSON-RPC's). */
export const ClientErrorCode = {
  timeout: -32050,
  notConnected: -32051,
  sendFailed: -32052,
} as const;

/** A typed error: JSON-RPC code, message and optional data. */
export class BridgeError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = "BridgeError";
  }
}

export interface BridgeOptions {
  /** Default time a call may take before it rejects with a timeout error. */
  callTimeoutMs?: number;
}

interface PendingCall {
  resolve(result: unknown): void;
  reject(error: BridgeError): void;
  timer: ReturnType<typeof setTimeout>;
}

type AnyEventHandler = (data: unknown, seq: number) => void;

export class Bridge {
  #link: Link | null = null;
  #state: ConnectionState = "closed";
  #nextId = 1;
  readonly #pending = new Map<number, PendingCall>();
  readonly #eventHandlers = new Map<string, Set<AnyEventHandler>>();
  readonly #stateHandlers = new Set<(state: ConnectionState) => void>();
  readonly #callTimeoutMs: number;
  /** The run of the Python app (changes when it restarts) and its last event. */
  epoch: string | null = null;
  lastSeq = 0;

  constructor(options: BridgeOptions = {}) {
    this.#callTimeoutMs = options.callTimeoutMs ?? 30_000;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Open the link (once; calling it again while connected does nothing). */
  connect(): void {
    if (this.#link !== null) return;
    this.#setState("connecting");
    this.#link = openLink({
      open: () => this.#setState("open"),
      retrying: () => this.#setState("reconnecting"),
      message: (message) => this.#receive(message),
      closed: () => {
        this.#link = null;
        this.#rejectAll(ClientErrorCode.notConnected, "the connection closed");
        this.#setState("closed");
      },
    });
  }

  /** Call a Python handler; resolves with its typed result or rejects with a BridgeError. */
  call<M extends MethodName>(
    method: M,
    params: Params<M>,
    options: { timeoutMs?: number } = {},
  ): Promise<Result<M>> {
    const link = this.#link;
    if (link === null || this.#state !== "open") {
      return Promise.reject(new BridgeError(ClientErrorCode.notConnected, "not connected"));
    }
    const id = this.#nextId++;
    const timeoutMs = options.timeoutMs ?? this.#callTimeoutMs;
    return new Promise<Result<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new BridgeError(ClientErrorCode.timeout, `${method} took over ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { resolve: (r) => resolve(r as Result<M>), reject, timer });
      link.send({ jsonrpc: "2.0", id, method, params });
    });
  }

  /** Handle every `event` pushed by Python; returns the function that stops it. */
  on<E extends EventName>(event: E, handler: EventHandler<E>): () => void {
    let handlers = this.#eventHandlers.get(event);
    if (handlers === undefined) {
      handlers = new Set();
      this.#eventHandlers.set(event, handlers);
    }
    const anyHandler = handler as AnyEventHandler;
    handlers.add(anyHandler);
    return () => handlers.delete(anyHandler);
  }

  /** Follow the connection state (called at once with the current one). */
  onState(handler: (state: ConnectionState) => void): () => void {
    this.#stateHandlers.add(handler);
    handler(this.#state);
    return () => this.#stateHandlers.delete(handler);
  }

  close(): void {
    this.#link?.close();
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const handler of this.#stateHandlers) handler(state);
  }

  #receive(message: WireMessage): void {
    if (typeof message.method === "string") {
      const params = (message.params ?? {}) as { seq?: number; data?: unknown; epoch?: string };
      if (message.method.startsWith("$/")) {
        this.epoch = params.epoch ?? this.epoch;
        return;
      }
      const seq = params.seq ?? 0;
      this.lastSeq = Math.max(this.lastSeq, seq);
      for (const handler of this.#eventHandlers.get(message.method) ?? []) {
        handler(params.data, seq);
      }
      return;
    }
    if (typeof message.id !== "number") return; // an error about no call in particular
    const pending = this.#pending.get(message.id);
    if (pending === undefined) return;
    this.#pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.error !== undefined) {
      const { code, message: text, data } = message.error;
      pending.reject(new BridgeError(code, text, data));
    } else {
      pending.resolve(message.result);
    }
  }

  #rejectAll(code: number, text: string): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new BridgeError(code, text));
      this.#pending.delete(id);
    }
  }
}
