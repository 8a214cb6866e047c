/**
 * The typed client of the Python bridge: `call`, `upload`, `download` and `on`
 * are typed by the generated protocol (method and event names, params,
 * results, which methods move bytes), so a wrong name or shape is a compile
 * error. Framework-free; the transport lives in ./link.ts.
 */
import { encodeFrame } from "./frame";
import { openLink } from "./link";
import type { Events, Methods } from "./protocol";
import type { ConnectionState } from "./reconnect";
import type { Link, WireMessage, WireRequest } from "./wire";

export type { ConnectionState } from "./reconnect";

const utf8 = new TextEncoder();

type MethodsMarked<Marker> = {
  [M in keyof Methods]: Methods[M] extends Marker ? M : never;
}[keyof Methods];
/** Methods that take bytes from the page (a `data: bytes` parameter). */
export type UploadMethodName = MethodsMarked<{ upload: true }>;
/** Methods that answer with bytes (a WithBytes result) and take none. */
export type DownloadMethodName = Exclude<MethodsMarked<{ download: true }>, UploadMethodName>;
/** Methods called with JSON params and answered with a JSON result. */
export type MethodName = Exclude<keyof Methods, UploadMethodName | DownloadMethodName>;
export type Params<M extends keyof Methods> = Methods[M]["params"];
export type Result<M extends keyof Methods> = Methods[M]["result"];
/** Bytes received from Python (usable as a BufferSource or a Blob part). */
export type Bytes = Uint8Array<ArrayBuffer>;
/** A result that came with bytes. */
export interface WithBytes<R> {
  result: R;
  data: Bytes;
}
/** What an upload resolves with: its result, and bytes if the method sends some back. */
export type UploadOutcome<M extends UploadMethodName> = Methods[M] extends { download: true }
  ? WithBytes<Result<M>>
  : Result<M>;
/** Bytes the page can send: a File or Blob, an ArrayBuffer or a typed array. */
export type BinaryInput = Blob | ArrayBuffer | ArrayBufferView;
export type EventName = keyof Events;
export type EventHandler<E extends EventName> = (data: Events[E], seq: number) => void;

/** Codes of errors raised by the client itself (the server's are JSON-RPC's). */
export const ClientErrorCode = {
  timeout: -32050,
  notConnected: -32051,
  sendFailed: -32052,
  /** The same code the server uses: the message is over its size limit. */
  tooLarge: -32000,
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

export interface CallOptions {
  /** Time this call may take before it rejects with a timeout error. */
  timeoutMs?: number;
}

export interface BridgeOptions {
  /** Default time a call may take before it rejects with a timeout error. */
  callTimeoutMs?: number;
}

interface PendingCall {
  resolve(result: unknown, data: Bytes | undefined): void;
  reject(error: BridgeError): void;
  timer: ReturnType<typeof setTimeout>;
}

type AnyEventHandler = (data: unknown, seq: number) => void;

/** What settles a call: its result, and the bytes of a binary answer. */
interface Answer {
  result: unknown;
  data: Bytes | undefined;
}

/** The sizes the server accepts (from its $/hello). */
interface SizeLimits {
  message_bytes: number;
  binary_message_bytes: number;
}

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
  #limits: SizeLimits | null = null;

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
      message: (message, data) => this.#receive(message, data),
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
    options: CallOptions = {},
  ): Promise<Result<M>> {
    return this.#request(method, params, options, (link, request) => {
      const text = JSON.stringify(request);
      this.#checkSize("message_bytes", utf8.encode(text).length);
      link.send(request, text);
    }).then(({ result }) => result as Result<M>);
  }

  /** Send bytes (a file, a buffer) to a handler that takes `data: bytes`. */
  upload<M extends UploadMethodName>(
    method: M,
    params: Params<M>,
    data: BinaryInput,
    options: CallOptions = {},
  ): Promise<UploadOutcome<M>> {
    return bytesOf(data)
      .then((bytes) =>
        this.#request(method, params, options, (link, request) => {
          const frame = encodeFrame(request, bytes);
          this.#checkSize("binary_message_bytes", frame.length);
          link.sendBinary(request, frame);
        }),
      )
      .then(
        ({ result, data: received }) =>
          (received === undefined ? result : { result, data: received }) as UploadOutcome<M>,
      );
  }

  /** Call a handler that answers with bytes (it returns `WithBytes(result, data)`). */
  download<M extends DownloadMethodName>(
    method: M,
    params: Params<M>,
    options: CallOptions = {},
  ): Promise<WithBytes<Result<M>>> {
    return this.#request(method, params, options, (link, request) => {
      link.sendBinary(request, encodeFrame(request, new Uint8Array(0)));
    }).then(({ result, data }) => {
      if (data === undefined) {
        throw new BridgeError(ClientErrorCode.sendFailed, `${method} answered without bytes`);
      }
      return { result: result as Result<M>, data };
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

  /** Register a call, let `send` put it on the link, settle it with the answer. */
  #request(
    method: string,
    params: unknown,
    options: CallOptions,
    send: (link: Link, request: WireRequest) => void,
  ): Promise<Answer> {
    const link = this.#link;
    if (link === null || this.#state !== "open") {
      return Promise.reject(new BridgeError(ClientErrorCode.notConnected, "not connected"));
    }
    const id = this.#nextId++;
    const timeoutMs = options.timeoutMs ?? this.#callTimeoutMs;
    return new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new BridgeError(ClientErrorCode.timeout, `${method} took over ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { resolve: (result, data) => resolve({ result, data }), reject, timer });
      try {
        send(link, { jsonrpc: "2.0", id, method, params });
      } catch (error) {
        this.#pending.delete(id);
        clearTimeout(timer);
        reject(
          error instanceof BridgeError
            ? error
            : new BridgeError(ClientErrorCode.sendFailed, `${method} could not be sent: ${String(error)}`),
        );
      }
    });
  }

  /** Refuse what the server would refuse, before it travels. */
  #checkSize(limit: keyof SizeLimits, size: number): void {
    const bytes = this.#limits?.[limit];
    if (bytes !== undefined && size > bytes) {
      throw new BridgeError(
        ClientErrorCode.tooLarge,
        `message of ${size} bytes; the limit is ${bytes}`,
      );
    }
  }

  #receive(message: WireMessage, data: Bytes | undefined): void {
    if (typeof message.method === "string") {
      const params = (message.params ?? {}) as {
        seq?: number;
        data?: unknown;
        epoch?: string;
        limits?: SizeLimits;
      };
      if (message.method.startsWith("$/")) {
        this.epoch = params.epoch ?? this.epoch;
        this.#limits = params.limits ?? this.#limits;
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
      const { code, message: text, data: details } = message.error;
      pending.reject(new BridgeError(code, text, details));
    } else {
      pending.resolve(message.result, data);
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

/** The bytes of a File, Blob, ArrayBuffer or typed array, without copying what is already bytes. */
async function bytesOf(input: BinaryInput): Promise<Uint8Array> {
  if (input instanceof Blob) return new Uint8Array(await input.arrayBuffer());
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
}
