// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
/**
 * The typed client of the Python bridge: `call`, `upload`, `download` and `on`
 * are typed by the generated protocol (method and event names, params,
 * results, which methods move bytes), so a wrong name or shape is a compile
 * error. Framework-free; the transport lives in ./link.ts.
 *
 * Delivery (see reconnect.ts for the connection itself): calls made while
 * disconnected wait in a bounded outbox; calls sent but unanswered when the
 * link dropped are sent again, with the same id, once it is back (the server
 * answers each id once); every call has a timeout. Events resume from the
 * last one seen; when they cannot, `onReset` handlers hear why.
 */
import { encodeFrame } from "./frame";
import { openLink } from "./link";
import type { Events, Methods } from "./protocol";
import { type ConnectionState, type ReconnectOptions, Reconnector } from "./reconnect";
import { credentialFacts } from "./session";
import { diagnose, type LinkTrouble, TroubleWatch } from "./trouble";
import {
  type Link,
  type OpenLink,
  type Position,
  SEND_FAILED,
  type WireMessage,
  type WireRequest,
} from "./wire";

export type { ConnectionState } from "./reconnect";
export type { LinkTrouble, TroubleKind } from "./trouble";

const utf8 = new TextEncoder();

type MethodsMarked<Marker> = {
  [M in keyof Methods]: Methods[M] extends Marker ? M : never;
}[keyof Methods];
/** Methods that take bytes from the page (a `data: bytes` parameter). */
export type UploadMethodName = MethodsMarked<{ upload: true }>;
/** Methods that answer with bytes (a WithBytes result) and take none. */
export type DownloadMethodName = Exclude<MethodsMarked<{ download: true }>, UploadMethodName>;
/** Methods called with JSON params and answered with a JSON result. (Nested,
 * not a union: either set may be empty, and a union with `never` fails lint.) */
export type MethodName = Exclude<Exclude<keyof Methods, UploadMethodName>, DownloadMethodName>;
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
  sendFailed: SEND_FAILED,
  /** The outbox of calls waiting for the connection is full. */
  outboxFull: -32053,
  /** The app restarted after the call was sent: it may or may not have run. */
  interrupted: -32054,
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
  /** Calls that may wait for the connection (sent or not); more are refused. */
  maxOutbox?: number;
  /** Backoff and liveness of the connection. */
  reconnect?: ReconnectOptions;
  /** The transport (tests give a fake one). */
  openLink?: OpenLink;
  /** Why connecting fails: asks the app (tests give a fake one). */
  diagnose?: () => Promise<LinkTrouble | null>;
}

/** Ask the app whether it would let this page in (see trouble.ts). */
function askTheApp(): Promise<LinkTrouble | null> {
  return credentialFacts().then((facts) =>
    diagnose(facts, (input, init) => window.fetch(input, init)),
  );
}

/** Why the page must resync: "new-run" (the app restarted) or "gap" (events were missed). */
export type ResetReason = "new-run" | "gap";

interface PendingCall {
  request: WireRequest;
  send(link: Link): void;
  /** Handed to a link: it may have reached Python. */
  sent: boolean;
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
  batch_requests: number;
}

interface Hello {
  epoch: string;
  seq: number;
  reset: ResetReason | null;
  heartbeat_ms?: number;
  limits?: SizeLimits;
}

export class Bridge {
  /** The link that said hello and still works, if any. */
  #link: Link | null = null;
  #linkGeneration = 0;
  #nextId = 1;
  // Set by close(), cleared by connect(): before the first connect() calls
  // wait in the outbox, as they do while reconnecting.
  #closedForGood = false;
  readonly #pending = new Map<number, PendingCall>();
  readonly #eventHandlers = new Map<string, Set<AnyEventHandler>>();
  readonly #resetHandlers = new Set<(reason: ResetReason) => void>();
  readonly #callTimeoutMs: number;
  readonly #maxOutbox: number;
  readonly #openLink: OpenLink;
  readonly #reconnector: Reconnector;
  readonly #troubles: TroubleWatch;
  readonly #clientId = randomId();
  /** The run of the Python app (changes when it restarts) and its last event seen. */
  epoch: string | null = null;
  lastSeq: number | null = null;
  #limits: SizeLimits | null = null;

  constructor(options: BridgeOptions = {}) {
    this.#callTimeoutMs = options.callTimeoutMs ?? 30_000;
    this.#maxOutbox = options.maxOutbox ?? 256;
    this.#openLink = options.openLink ?? openLink;
    this.#troubles = new TroubleWatch(options.diagnose ?? askTheApp);
    this.#reconnector = new Reconnector((attempt) => {
      // Links call back asynchronously; a callback of a replaced link is ignored.
      const generation = ++this.#linkGeneration;
      const current = (): boolean => generation === this.#linkGeneration;
      this.#dropped();
      const link = this.#openLink(
        {
          message: (message, data) => {
            if (!current()) return;
            attempt.heard();
            if (message.method === "$/hello") {
              this.#hello(message.params as Hello);
              attempt.opened();
              this.#troubles.cleared();
              this.#flush(link);
            } else {
              this.#receive(message, data);
            }
          },
          lost: () => {
            if (!current()) return;
            this.#dropped();
            attempt.lost();
            this.#troubles.failed(() => this.state === "open");
          },
        },
        this.#position(),
      );
      return {
        close: () => {
          if (current()) {
            this.#linkGeneration += 1;
            this.#dropped();
          }
          link.close();
        },
      };
    }, options.reconnect);
    this.#reconnector.onState((state) => {
      if (state !== "closed") return;
      this.#rejectAll(ClientErrorCode.notConnected, "the bridge was closed");
      this.#troubles.cleared();
    });
  }

  get state(): ConnectionState {
    return this.#reconnector.state;
  }

  /** Calls not yet answered (waiting to be sent, or sent). */
  get pendingCalls(): number {
    return this.#pending.size;
  }

  /** Connect, and stay connected until close(). Calls made before this wait for it. */
  connect(): void {
    this.#closedForGood = false;
    this.#reconnector.start();
  }

  /** Drop the link and connect again now (pending calls carry over). */
  reconnect(): void {
    this.#reconnector.reconnect();
  }

  /** Disconnect for good; pending calls reject, and so do calls made after. */
  close(): void {
    this.#closedForGood = true;
    this.#reconnector.close();
  }

  /** Call a Python handler; resolves with its typed result or rejects with a BridgeError. */
  call<M extends MethodName>(
    method: M,
    params: Params<M>,
    options: CallOptions = {},
  ): Promise<Result<M>> {
    return this.#request(method, params, options, (request) => {
      const text = JSON.stringify(request);
      // UTF-8 takes at most 3 bytes per UTF-16 unit: encode only when it could matter.
      const limit = this.#limits?.message_bytes ?? Infinity;
      if (text.length * 3 > limit) this.#checkSize("message_bytes", utf8.encode(text).length);
      return (link) => link.send(request, text);
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
        this.#request(method, params, options, (request) => {
          const frame = encodeFrame(request, bytes);
          this.#checkSize("binary_message_bytes", frame.length);
          return (link) => link.sendBinary(request, frame);
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
    return this.#request(method, params, options, (request) => {
      const frame = encodeFrame(request, new Uint8Array(0));
      return (link) => link.sendBinary(request, frame);
    }).then(({ result, data }) => {
      if (data === undefined) {
        throw new BridgeError(ClientErrorCode.sendFailed, `${String(method)} answered without bytes`);
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

  /** Hear when events could not be resumed and the page must resync its state. */
  onReset(handler: (reason: ResetReason) => void): () => void {
    this.#resetHandlers.add(handler);
    return () => this.#resetHandlers.delete(handler);
  }

  /** Follow the connection state (called at once with the current one). */
  onState(handler: (state: ConnectionState) => void): () => void {
    return this.#reconnector.onState(handler);
  }

  /** Why the page cannot connect, with what to do; null while connected or trying. */
  get trouble(): LinkTrouble | null {
    return this.#troubles.current;
  }

  /** Follow `trouble` (called at once with the current one). */
  onTrouble(handler: (trouble: LinkTrouble | null) => void): () => void {
    return this.#troubles.on(handler);
  }

  #position(): Position {
    return { client: this.#clientId, epoch: this.epoch, after: this.lastSeq };
  }

  /** Register a call, send it now or when the link is back, settle it with the answer. */
  #request(
    method: string,
    params: unknown,
    options: CallOptions,
    encode: (request: WireRequest) => (link: Link) => void,
  ): Promise<Answer> {
    if (this.#closedForGood) {
      return Promise.reject(new BridgeError(ClientErrorCode.notConnected, "not connected"));
    }
    if (this.#pending.size >= this.#maxOutbox) {
      return Promise.reject(
        new BridgeError(ClientErrorCode.outboxFull, `${this.#pending.size} calls are waiting`),
      );
    }
    const id = this.#nextId++;
    const request: WireRequest = { jsonrpc: "2.0", id, method, params };
    let send: (link: Link) => void;
    try {
      send = encode(request);
    } catch (error) {
      return Promise.reject(
        error instanceof BridgeError
          ? error
          : new BridgeError(ClientErrorCode.sendFailed, `${method}: ${String(error)}`),
      );
    }
    const timeoutMs = options.timeoutMs ?? this.#callTimeoutMs;
    return new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new BridgeError(ClientErrorCode.timeout, `${method} took over ${timeoutMs} ms`));
      }, timeoutMs);
      const call: PendingCall = {
        request,
        send,
        sent: false,
        resolve: (result, data) => resolve({ result, data }),
        reject,
        timer,
      };
      this.#pending.set(id, call);
      if (this.#link !== null) this.#transmit(call, this.#link);
    });
  }

  #transmit(call: PendingCall, link: Link): void {
    call.sent = true;
    call.send(link);
  }

  /** The link works: send what waited, in call order (a Map keeps insertion order). */
  #flush(link: Link): void {
    this.#link = link;
    for (const call of this.#pending.values()) this.#transmit(call, link);
  }

  #dropped(): void {
    this.#link = null;
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

  #hello(hello: Hello): void {
    this.#limits = hello.limits ?? this.#limits;
    if (hello.heartbeat_ms !== undefined) {
      // Dead after about two missed heartbeats.
      this.#reconnector.deadAfterMs = 2 * hello.heartbeat_ms + 5_000;
    }
    const reset = hello.reset;
    if (reset === "new-run") {
      // Sent calls may have run in the old process; never run them twice.
      for (const [id, call] of this.#pending) {
        if (!call.sent) continue;
        this.#settle(id, (pending) =>
          pending.reject(
            new BridgeError(
              ClientErrorCode.interrupted,
              `the app restarted after ${call.request.method} was sent; it may or may not have run`,
            ),
          ),
        );
      }
    }
    const firstContact = this.epoch === null;
    this.epoch = hello.epoch;
    if (reset !== null || this.lastSeq === null) this.lastSeq = hello.seq;
    if (reset !== null && !firstContact) {
      for (const handler of this.#resetHandlers) handler(reset);
    }
  }

  #receive(message: WireMessage, data: Bytes | undefined): void {
    if (typeof message.method === "string") {
      if (message.method.startsWith("$/")) return; // heartbeats: liveness only
      const params = (message.params ?? {}) as { seq?: number; data?: unknown };
      const seq = params.seq ?? 0;
      // Resumed streams never repeat an event; this guard makes sure of it.
      if (this.lastSeq !== null && seq <= this.lastSeq) return;
      this.lastSeq = seq;
      for (const handler of this.#eventHandlers.get(message.method) ?? []) {
        handler(params.data, seq);
      }
      return;
    }
    if (typeof message.id !== "number") return; // an error about no call in particular
    const { error, result } = message;
    this.#settle(message.id, (pending) => {
      if (error !== undefined) pending.reject(new BridgeError(error.code, error.message, error.data));
      else pending.resolve(result, data);
    });
  }

  /** Settle call `id` once: a second answer (or one after its timeout) is ignored. */
  #settle(id: number, settle: (call: PendingCall) => void): void {
    const call = this.#pending.get(id);
    if (call === undefined) return;
    this.#pending.delete(id);
    clearTimeout(call.timer);
    settle(call);
  }

  #rejectAll(code: number, text: string): void {
    for (const id of [...this.#pending.keys()]) {
      this.#settle(id, (call) => call.reject(new BridgeError(code, text)));
    }
  }
}

/** A random id for this page, so the server can tell its re-sent calls. */
function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The bytes of a File, Blob, ArrayBuffer or typed array, without copying what is already bytes. */
async function bytesOf(input: BinaryInput): Promise<Uint8Array> {
  if (input instanceof Blob) return new Uint8Array(await input.arrayBuffer());
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
}
