/**
 * The benchmark page (copied into the harness's rendered app, never into the
 * template): times calls through the generated typed client, the same calls
 * over a bare WebSocket to the raw floor server, and the reconnection helper
 * catching up after a cut. The harness calls these from headless Chromium.
 */
import { Bridge } from "./bridge/client";
import { openLink } from "./bridge/link";
import type { Link, LinkHandlers, Position } from "./bridge/wire";

/** While true, every connection attempt fails at once, as with the network down. */
let linkIsCut = false;

function cuttableLink(handlers: LinkHandlers, position: Position): Link {
  if (!linkIsCut) return openLink(handlers, position);
  setTimeout(() => handlers.lost(), 0);
  return { send: () => undefined, sendBinary: () => undefined, close: () => undefined };
}

const bridge = new Bridge({ openLink: cuttableLink });
/** A second page's worth of client: it makes Python emit while `bridge` is cut off. */
const trigger = new Bridge();

let lastSeq = 0;
let received = 0;
let seqWaiter: { seq: number; resolve: () => void } | null = null;
bridge.on("progress", (_progress, seq) => {
  received += 1;
  lastSeq = seq;
  if (seqWaiter !== null && seq >= seqWaiter.seq) {
    seqWaiter.resolve();
    seqWaiter = null;
  }
});

function untilSeq(seq: number): Promise<void> {
  if (lastSeq >= seq) return Promise.resolve();
  return new Promise((resolve) => (seqWaiter = { seq, resolve }));
}

function untilState(client: Bridge, wanted: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = client.onState((state) => {
      if (state === wanted) {
        queueMicrotask(() => stop());
        resolve();
      }
    });
  });
}

async function callLoop(count: number, warmup: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await bridge.call("add", { a: i, b: 1 });
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await bridge.call("add", { a: i, b: 1 });
    times.push(performance.now() - start);
  }
  return times;
}

/** The same calls, JSON-RPC by hand over a bare WebSocket to the raw floor. */
async function rawLoop(url: string, count: number, warmup: number): Promise<number[]> {
  const socket = new WebSocket(url);
  let answer: ((message: unknown) => void) | null = null;
  const hello = new Promise<void>((resolve, reject) => {
    socket.addEventListener("error", () => reject(new Error(`cannot open ${url}`)));
    socket.addEventListener("message", (event: MessageEvent<string>) => {
      const message = JSON.parse(event.data) as { id?: number };
      if (message.id === undefined) return resolve(); // $/hello
      answer?.(message);
    });
  });
  await hello;
  let id = 0;
  const call = (a: number): Promise<unknown> =>
    new Promise((resolve) => {
      answer = resolve;
      id += 1;
      socket.send(JSON.stringify({ jsonrpc: "2.0", id, method: "add", params: { a, b: 1 } }));
    });
  for (let i = 0; i < warmup; i++) await call(i);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await call(i);
    times.push(performance.now() - start);
  }
  socket.close();
  return times;
}

/** Cut the link, have Python emit `total` events, restore the link: the time
 * (ms) from the link being back until the client has every missed event. */
async function catchUp(total: number): Promise<CatchUp> {
  linkIsCut = true;
  bridge.reconnect(); // drops the socket; attempts now fail and back off
  await untilState(bridge, "reconnecting");
  const emitted = await trigger.call("count_to", { total, interval_ms: 0 });
  const before = received;
  const start = performance.now();
  let openMs = NaN;
  const opened = untilState(bridge, "open").then(() => (openMs = performance.now() - start));
  linkIsCut = false;
  bridge.reconnect(); // what the helper does at once on `online`
  await untilSeq(emitted.last_seq);
  const ms = performance.now() - start;
  await opened;
  return { ms, openMs, missed: received - before };
}

interface CatchUp {
  /** From the link's return to the last missed event handled. */
  ms: number;
  /** Of which: until the new link said hello. */
  openMs: number;
  missed: number;
}

async function ready(): Promise<void> {
  bridge.connect();
  trigger.connect();
  await Promise.all([untilState(bridge, "open"), untilState(trigger, "open")]);
}

export interface DeskwireBench {
  ready(): Promise<void>;
  callLoop(count: number, warmup: number): Promise<number[]>;
  rawLoop(url: string, count: number, warmup: number): Promise<number[]>;
  catchUp(total: number): Promise<CatchUp>;
}

declare global {
  interface Window {
    deskwireBench: DeskwireBench;
  }
}

window.deskwireBench = { ready, callLoop, rawLoop, catchUp };
