// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
/**
 * Keeps one link to Python alive: an explicit state machine the UI can show,
 * full-jitter exponential backoff, an immediate retry when the page comes back
 * (online, visible, focused), and a liveness check by wall-clock time.
 *
 *   connecting --opened--> open --lost--> reconnecting --opened--> open
 *        \                                      |
 *         `--------------- close() ------------>+--> closed
 *
 * Never two live connections: each attempt is closed before the next one
 * starts, and callbacks of an abandoned attempt are ignored.
 */

export type ConnectionState = "connecting" | "open" | "reconnecting" | "closed";

/** What one connection attempt tells the reconnector. */
export interface AttemptEvents {
  /** The link works (Python said hello). */
  opened(): void;
  /** Something arrived: the link is alive. */
  heard(): void;
  /** The link dropped, or never opened. */
  lost(): void;
}

/** One connection attempt; after close() it must not call back. */
export interface Attempt {
  close(): void;
}

/** Where the page's `online`, `focus` and `visibilitychange` come from. */
export interface PageSignals {
  window: Pick<EventTarget, "addEventListener" | "removeEventListener">;
  document: Pick<EventTarget, "addEventListener" | "removeEventListener"> & {
    visibilityState: DocumentVisibilityState;
  };
}

export interface ReconnectOptions {
  /** First backoff ceiling; it doubles per failed attempt. */
  baseDelayMs?: number;
  /** Largest backoff ceiling. */
  maxDelayMs?: number;
  /** The failure count resets only after the link stayed open this long. */
  stableAfterMs?: number;
  /** Silence after which an open link counts as dead (about two heartbeats),
   * and the longest an attempt may take to open. */
  deadAfterMs?: number;
  /** Uniform in [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
  /** The page's signals; none outside a browser. */
  signals?: PageSignals | null;
}

/** Full jitter: uniform in [0, min(max, base * 2^failures)). */
export function backoffDelay(
  failures: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(failures, 30));
  return Math.floor(random() * ceiling);
}

export class Reconnector {
  #state: ConnectionState = "closed";
  #attempt: Attempt | null = null;
  #generation = 0;
  #failures = 0;
  #heardAt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #stableTimer: ReturnType<typeof setTimeout> | null = null;
  #livenessTimer: ReturnType<typeof setInterval> | null = null;
  #openTimer: ReturnType<typeof setTimeout> | null = null;
  #deadAfterMs: number;
  readonly #stateHandlers = new Set<(state: ConnectionState) => void>();
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #stableAfterMs: number;
  readonly #random: () => number;
  readonly #signals: PageSignals | null;

  constructor(
    private readonly connect: (events: AttemptEvents) => Attempt,
    options: ReconnectOptions = {},
  ) {
    // The app is on this machine: a drop is a restart or a sleep, not a
    // crowded server, so retries stay quick (at most 5 s apart).
    this.#baseDelayMs = options.baseDelayMs ?? 250;
    this.#maxDelayMs = options.maxDelayMs ?? 5_000;
    this.#stableAfterMs = options.stableAfterMs ?? 5_000;
    this.#deadAfterMs = options.deadAfterMs ?? 35_000;
    this.#random = options.random ?? Math.random;
    this.#signals =
      options.signals !== undefined
        ? options.signals
        : typeof window === "undefined"
          ? null
          : { window, document };
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Failed attempts since the link was last stable (drives the backoff). */
  get failures(): number {
    return this.#failures;
  }

  /** Follow the state (called at once with the current one); returns the unsubscribe. */
  onState(handler: (state: ConnectionState) => void): () => void {
    this.#stateHandlers.add(handler);
    handler(this.#state);
    return () => this.#stateHandlers.delete(handler);
  }

  /** How long an open link may stay silent (set from the server's heartbeat). */
  set deadAfterMs(value: number) {
    this.#deadAfterMs = value;
  }

  /** Connect, unless already connected or trying. */
  start(): void {
    if (this.#state !== "closed") return;
    this.#listen(true);
    this.#begin("connecting");
  }

  /** Drop the current link (if any) and connect again now. */
  reconnect(): void {
    if (this.#state === "closed") return this.start();
    this.#begin("reconnecting");
  }

  /** Stop for good (until start()): no link, no timers, no listeners. */
  close(): void {
    this.#abandon();
    this.#clearTimers();
    this.#listen(false);
    this.#setState("closed");
  }

  #begin(state: "connecting" | "reconnecting"): void {
    this.#abandon();
    this.#clearTimers();
    this.#setState(state);
    const generation = ++this.#generation;
    const current = (): boolean => generation === this.#generation;
    // An attempt that neither opens nor fails (a hung handshake) counts as lost.
    this.#openTimer = setTimeout(() => current() && this.#lost(), this.#deadAfterMs);
    this.#attempt = this.connect({
      opened: () => current() && this.#opened(),
      heard: () => {
        if (current()) this.#heardAt = Date.now();
      },
      lost: () => current() && this.#lost(),
    });
  }

  #opened(): void {
    if (this.#openTimer !== null) clearTimeout(this.#openTimer);
    this.#openTimer = null;
    this.#heardAt = Date.now();
    this.#setState("open");
    this.#stableTimer = setTimeout(() => (this.#failures = 0), this.#stableAfterMs);
    // Throttled timers in hidden pages fire late, so the check compares
    // wall-clock times instead of trusting the interval.
    const every = Math.max(1_000, Math.min(5_000, this.#deadAfterMs / 4));
    this.#livenessTimer = setInterval(() => this.#checkLiveness(), every);
  }

  #lost(): void {
    this.#abandon();
    this.#clearTimers();
    this.#setState("reconnecting");
    const delay = backoffDelay(this.#failures, this.#baseDelayMs, this.#maxDelayMs, this.#random);
    this.#failures += 1;
    this.#retryTimer = setTimeout(() => this.#begin("reconnecting"), delay);
  }

  #checkLiveness(): void {
    if (this.#state === "open" && Date.now() - this.#heardAt > this.#deadAfterMs) this.#lost();
  }

  /** The page is back (online, visible, focused): retry at once, or check the link. */
  readonly #pageBack = (): void => {
    if (this.#signals?.document.visibilityState === "hidden") return;
    if (this.#state === "reconnecting" && this.#retryTimer !== null) this.#begin("reconnecting");
    else this.#checkLiveness();
  };

  #listen(on: boolean): void {
    const signals = this.#signals;
    if (signals === null) return;
    const method = on ? "addEventListener" : "removeEventListener";
    signals.window[method]("online", this.#pageBack);
    signals.window[method]("focus", this.#pageBack);
    signals.document[method]("visibilitychange", this.#pageBack);
  }

  #abandon(): void {
    this.#generation += 1;
    const attempt = this.#attempt;
    this.#attempt = null;
    attempt?.close();
  }

  #clearTimers(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    if (this.#stableTimer !== null) clearTimeout(this.#stableTimer);
    if (this.#livenessTimer !== null) clearInterval(this.#livenessTimer);
    if (this.#openTimer !== null) clearTimeout(this.#openTimer);
    this.#retryTimer = this.#stableTimer = this.#livenessTimer = this.#openTimer = null;
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const handler of this.#stateHandlers) handler(state);
  }
}
