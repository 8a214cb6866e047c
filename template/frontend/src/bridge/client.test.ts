// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Bridge, BridgeError, type CallOptions, ClientErrorCode, type ResetReason } from "./client";
import { FakeTransport } from "../testing/fake-transport";

// The fake answers any method; these untyped shortcuts keep the test
// independent of the methods and events your protocol declares.
function call(bridge: Bridge, n: number, options?: CallOptions): Promise<unknown> {
  return bridge.call("some_method" as never, { n } as never, options);
}

function onEvents(bridge: Bridge, handler: (seq: number) => void): void {
  bridge.on("some_event" as never, (_data, seq) => handler(seq));
}

function setup(maxOutbox = 256) {
  const transport = new FakeTransport();
  const bridge = new Bridge({
    openLink: transport.openLink,
    maxOutbox,
    callTimeoutMs: 60_000,
    reconnect: { baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.5, signals: null },
  });
  bridge.connect();
  return { transport, bridge };
}

/** The link drops; the reconnector opens the next one after its backoff (at most 1 s). */
function drop(transport: FakeTransport): void {
  const links = transport.links.length;
  transport.current.handlers.lost();
  vi.advanceTimersByTime(1_000);
  expect(transport.links).toHaveLength(links + 1);
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("Bridge delivery", () => {
  it("keeps calls made while disconnected and sends them once, in order, when the link works", async () => {
    const { transport, bridge } = setup();
    const calls = [1, 2, 3].map((a) => call(bridge, a));
    expect(transport.sentIds).toEqual([]); // no hello yet: nothing travels
    transport.hello();
    expect(transport.sentIds).toEqual([1, 2, 3]);
    [1, 2, 3].forEach((id) => transport.answer(id));
    expect(await Promise.all(calls)).toEqual([{ sum: 1 }, { sum: 2 }, { sum: 3 }]);
  });

  it("keeps calls made before connect() and sends them once connected", async () => {
    const transport = new FakeTransport();
    const bridge = new Bridge({
      openLink: transport.openLink,
      reconnect: { baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.5, signals: null },
    });
    const early = call(bridge, 5);
    expect(transport.links).toHaveLength(0);
    bridge.connect();
    transport.hello();
    expect(transport.sentIds).toEqual([1]);
    transport.answer(1);
    expect(await early).toEqual({ sum: 1 });
  });

  it("bounds the outbox with a typed error", async () => {
    const { bridge } = setup(3);
    const waiting = [1, 2, 3].map((a) => call(bridge, a));
    await expect(call(bridge, 4)).rejects.toMatchObject({
      code: ClientErrorCode.outboxFull,
    });
    expect(bridge.pendingCalls).toBe(3);
    bridge.close();
    await Promise.allSettled(waiting);
  });

  it("re-sends a call that was in flight at a drop with the same id, and settles it once", async () => {
    const { transport, bridge } = setup();
    transport.hello();
    const settled = vi.fn();
    const answered = call(bridge, 2).then(settled);
    drop(transport);
    transport.hello();
    expect(transport.sentIds).toEqual([1, 1]); // the same id again: the server answers it once
    transport.answer(1, { sum: 5 });
    transport.answer(1, { sum: 5 }); // a second answer is ignored
    await answered;
    expect(settled).toHaveBeenCalledTimes(1);
    expect(settled).toHaveBeenCalledWith({ sum: 5 });
  });

  it("resumes events from its position and never delivers one twice", () => {
    const { transport, bridge } = setup();
    const seen: number[] = [];
    onEvents(bridge, (seq) => seen.push(seq));
    transport.hello("e1", 10);
    [11, 12, 13].forEach((seq) => transport.event(seq));
    drop(transport);
    expect(transport.current.position).toMatchObject({ epoch: "e1", after: 13 });
    expect(transport.current.position.client).toMatch(/^[0-9a-f]{24}$/);
    transport.hello("e1", 15);
    [13, 14, 15].forEach((seq) => transport.event(seq)); // 13 again: ignored
    expect(seen).toEqual([11, 12, 13, 14, 15]);
  });

  it("tells the page to resync on a reset, and refuses to re-run calls of an old run", async () => {
    const { transport, bridge } = setup();
    const resets: ResetReason[] = [];
    bridge.onReset((reason) => resets.push(reason));
    transport.hello("e1", 5);
    const sentBeforeRestart = call(bridge, 1);
    drop(transport);
    const madeWhileAway = call(bridge, 2);
    transport.hello("e2", 0, "new-run");
    expect(resets).toEqual(["new-run"]);
    await expect(sentBeforeRestart).rejects.toMatchObject({ code: ClientErrorCode.interrupted });
    expect(transport.current.sent.map((request) => request.id)).toEqual([2]);
    transport.answer(2, { sum: 4 });
    expect(await madeWhileAway).toEqual({ sum: 4 });
    expect(bridge.epoch).toBe("e2");
    expect(bridge.lastSeq).toBe(0);
  });

  it("gives every call a timeout, connected or not", async () => {
    const { bridge } = setup();
    const slow = call(bridge, 1, { timeoutMs: 500 });
    vi.advanceTimersByTime(500);
    await expect(slow).rejects.toBeInstanceOf(BridgeError);
    await expect(slow).rejects.toMatchObject({ code: ClientErrorCode.timeout });
    expect(bridge.pendingCalls).toBe(0);
  });

  it("rejects what is pending when closed, and refuses calls after", async () => {
    const { transport, bridge } = setup();
    transport.hello();
    const pending = call(bridge, 1);
    bridge.close();
    await expect(pending).rejects.toMatchObject({ code: ClientErrorCode.notConnected });
    await expect(call(bridge, 1)).rejects.toMatchObject({
      code: ClientErrorCode.notConnected,
    });
    expect(transport.current.closed).toBe(true);
  });
});
