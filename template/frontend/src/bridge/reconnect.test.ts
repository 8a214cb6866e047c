// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type Attempt,
  type AttemptEvents,
  type ConnectionState,
  type PageSignals,
  Reconnector,
  type ReconnectOptions,
  backoffDelay,
} from "./reconnect";

/** Connection attempts as the reconnector sees them, with the test's hand on each. */
class FakeLinks {
  readonly attempts: { events: AttemptEvents; closed: boolean }[] = [];

  readonly connect = (events: AttemptEvents): Attempt => {
    const attempt = { events, closed: false };
    this.attempts.push(attempt);
    return { close: () => (attempt.closed = true) };
  };

  get current(): AttemptEvents {
    const last = this.attempts.at(-1);
    if (last === undefined) throw new Error("no attempt yet");
    return last.events;
  }

  get live(): number {
    return this.attempts.filter((attempt) => !attempt.closed).length;
  }
}

type FakeSignals = PageSignals & {
  window: EventTarget;
  visibility(state: DocumentVisibilityState): void;
};

function fakeSignals(): FakeSignals {
  const document = Object.assign(new EventTarget(), {
    visibilityState: "visible" as DocumentVisibilityState,
  });
  return {
    window: new EventTarget(),
    document,
    visibility(state) {
      document.visibilityState = state;
      document.dispatchEvent(new Event("visibilitychange"));
    },
  };
}

const BASE = 100;
const MAX = 3_000;

function setup(options: ReconnectOptions = {}) {
  const links = new FakeLinks();
  const signals = fakeSignals();
  const reconnector = new Reconnector(links.connect, {
    baseDelayMs: BASE,
    maxDelayMs: MAX,
    stableAfterMs: 5_000,
    deadAfterMs: 10_000,
    random: () => 0.5,
    signals,
    ...options,
  });
  const states: ConnectionState[] = [];
  reconnector.onState((state) => states.push(state));
  return { links, signals, reconnector, states };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("backoffDelay", () => {
  it("stays within [0, min(max, base * 2^n))", () => {
    for (let failures = 0; failures < 40; failures++) {
      const ceiling = Math.min(MAX, BASE * 2 ** failures);
      expect(backoffDelay(failures, BASE, MAX, () => 0)).toBe(0);
      const highest = backoffDelay(failures, BASE, MAX, () => 0.999_999);
      expect(highest).toBeLessThan(ceiling);
      expect(highest).toBeGreaterThanOrEqual(Math.floor(ceiling * 0.999));
    }
  });

  it("spreads delays over the whole range (full jitter)", () => {
    const ceiling = BASE * 2 ** 4;
    const delays = Array.from({ length: 4_000 }, () => backoffDelay(4, BASE, MAX, Math.random));
    const mean = delays.reduce((sum, delay) => sum + delay, 0) / delays.length;
    expect(Math.min(...delays)).toBeLessThan(ceiling * 0.05);
    expect(Math.max(...delays)).toBeGreaterThan(ceiling * 0.95);
    expect(mean).toBeGreaterThan(ceiling * 0.45);
    expect(mean).toBeLessThan(ceiling * 0.55);
    // Every tenth of the range gets its share: no clustering of retries.
    const tenths = new Array<number>(10).fill(0);
    for (const delay of delays) tenths[Math.floor((delay / ceiling) * 10)]! += 1;
    for (const count of tenths) expect(count).toBeGreaterThan(delays.length / 10 / 2);
  });
});

describe("Reconnector", () => {
  it("goes connecting, open, reconnecting, open, closed", () => {
    const { links, reconnector, states } = setup();
    reconnector.start();
    links.current.opened();
    links.current.lost();
    vi.advanceTimersByTime(BASE); // random 0.5 of the first ceiling (BASE)
    expect(links.attempts).toHaveLength(2);
    links.current.opened();
    reconnector.close();
    expect(states).toEqual(["closed", "connecting", "open", "reconnecting", "open", "closed"]);
  });

  it("waits a growing, capped backoff between failed attempts", () => {
    const { links, reconnector } = setup();
    reconnector.start();
    const waits: number[] = [];
    for (let failure = 0; failure < 8; failure++) {
      links.current.lost();
      const before = links.attempts.length;
      let waited = 0;
      while (links.attempts.length === before) {
        vi.advanceTimersByTime(10);
        waited += 10;
      }
      waits.push(waited);
    }
    // random() is 0.5: half of 100, 200, 400, ... capped at 3000.
    expect(waits).toEqual([50, 100, 200, 400, 800, 1500, 1500, 1500]);
  });

  it("resets the failure count only after a stable period", () => {
    const { links, reconnector } = setup();
    reconnector.start();
    for (let i = 0; i < 3; i++) {
      links.current.lost();
      vi.runOnlyPendingTimers();
    }
    expect(reconnector.failures).toBe(3);
    links.current.opened();
    vi.advanceTimersByTime(4_999);
    links.current.lost(); // a flapping link keeps its backoff
    expect(reconnector.failures).toBe(4);
    vi.runOnlyPendingTimers();
    links.current.opened();
    vi.advanceTimersByTime(5_000);
    expect(reconnector.failures).toBe(0);
  });

  it("declares a silent link dead by wall-clock time and reconnects", () => {
    const { links, reconnector } = setup();
    reconnector.start();
    links.current.opened();
    for (let second = 0; second < 30; second++) {
      vi.advanceTimersByTime(1_000);
      links.current.heard(); // heartbeats keep it open
    }
    expect(reconnector.state).toBe("open");
    vi.advanceTimersByTime(12_500);
    expect(reconnector.state).toBe("reconnecting");
  });

  it("gives up on an attempt that neither opens nor fails", () => {
    const { links, reconnector } = setup();
    reconnector.start();
    vi.advanceTimersByTime(9_999);
    expect(links.attempts).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(reconnector.state).toBe("reconnecting");
    expect(links.live).toBe(0); // the hung attempt was closed
    vi.advanceTimersByTime(BASE);
    expect(links.attempts).toHaveLength(2);
  });

  it("checks liveness at once when a hidden page comes back", () => {
    const { links, reconnector, signals } = setup();
    reconnector.start();
    links.current.opened();
    signals.visibility("hidden");
    // Timers of hidden pages are throttled: the clock moves, the interval did not fire.
    vi.setSystemTime(Date.now() + 60_000);
    expect(reconnector.state).toBe("open");
    signals.visibility("visible");
    expect(reconnector.state).toBe("reconnecting");
  });

  it.each(["online", "focus"])("retries at once on %s instead of waiting out the backoff", (type) => {
    const { links, reconnector, signals } = setup({ random: () => 0.99 });
    reconnector.start();
    for (let i = 0; i < 5; i++) {
      links.current.lost();
      vi.runOnlyPendingTimers();
    }
    links.current.lost(); // the next wait would be about 3 s
    const attempts = links.attempts.length;
    signals.window.dispatchEvent(new Event(type));
    expect(links.attempts).toHaveLength(attempts + 1);
  });

  it("does not retry for a page that was hidden", () => {
    const { links, reconnector, signals } = setup();
    reconnector.start();
    links.current.lost();
    const attempts = links.attempts.length;
    signals.visibility("hidden");
    expect(links.attempts).toHaveLength(attempts);
  });

  it("never holds two live connections, whatever happens", () => {
    const { links, reconnector, signals } = setup({ random: Math.random });
    reconnector.start();
    const actions = [
      () => links.current.opened(),
      () => links.current.lost(),
      () => links.current.heard(),
      () => reconnector.reconnect(),
      () => signals.window.dispatchEvent(new Event("online")),
      () => vi.advanceTimersByTime(700),
      () => links.attempts[0]?.events.lost(), // a stale attempt calling back
    ];
    for (let step = 0; step < 2_000; step++) {
      actions[Math.floor(Math.random() * actions.length)]!();
      expect(links.live).toBeLessThanOrEqual(1);
    }
    reconnector.close();
    expect(links.live).toBe(0);
  });

  it("ignores callbacks of an abandoned attempt", () => {
    const { links, reconnector } = setup();
    reconnector.start();
    const first = links.current;
    reconnector.reconnect();
    links.current.opened();
    first.lost();
    expect(reconnector.state).toBe("open");
  });

  it("reconnect() and close() work from every state", () => {
    const { links, reconnector } = setup();
    reconnector.reconnect(); // from closed: starts
    expect(reconnector.state).toBe("connecting");
    reconnector.reconnect(); // while connecting
    links.current.opened();
    reconnector.reconnect(); // while open
    expect(reconnector.state).toBe("reconnecting");
    links.current.lost(); // now waiting out a backoff
    reconnector.close();
    expect(reconnector.state).toBe("closed");
    const attempts = links.attempts.length;
    vi.advanceTimersByTime(60_000);
    expect(links.attempts).toHaveLength(attempts); // no retry after close()
    expect(links.live).toBe(0);
    reconnector.close(); // twice is fine
    reconnector.start();
    expect(reconnector.state).toBe("connecting");
  });
});
