// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
/**
 * The SSE link and the client together, with fetch played by the test: calls
 * made in one turn travel as one batch POST, each call settles with its own
 * response, and an answer that is not a response fails every call it carried
 * with a typed error. The page's real requests are the browser tests' part.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Bridge, BridgeError, ClientErrorCode } from "./client";
import type { WireRequest } from "./wire";

interface Posted {
  url: string;
  body: unknown;
}

/** Python's part: a stream that says hello, and POSTs answered by `answer`. */
function playServer(answer: (body: unknown) => Response, batchRequests = 64) {
  const posted: Posted[] = [];
  const hello = {
    method: "$/hello",
    params: {
      epoch: "e1",
      seq: 0,
      reset: null,
      limits: { message_bytes: 1 << 20, binary_message_bytes: 1 << 26, batch_requests: batchRequests },
    },
  };
  const fetch = vi.fn((url: string, init: RequestInit): Promise<Response> => {
    if (url.startsWith("/bridge/events")) {
      const stream = new ReadableStream<Uint8Array>({
        start: (controller) =>
          controller.enqueue(new TextEncoder().encode(`data: ${JSON.stringify(hello)}\n\n`)),
      });
      return Promise.resolve(new Response(stream, { headers: { "content-type": "text/event-stream" } }));
    }
    const body: unknown = JSON.parse(init.body as string);
    posted.push({ url, body });
    return Promise.resolve(answer(body));
  });
  vi.stubGlobal("fetch", fetch);
  return posted;
}

const json = (value: unknown): Response =>
  new Response(JSON.stringify(value), { headers: { "content-type": "application/json" } });

/** Each request answered with the sum of its params, in reverse order (order must not matter). */
function sums(body: unknown): Response {
  const requests = (Array.isArray(body) ? body : [body]) as WireRequest[];
  const answers = requests.map((request) => {
    const { a, b } = request.params as { a: number; b: number };
    return { jsonrpc: "2.0", id: request.id, result: { sum: a + b } };
  });
  return json(Array.isArray(body) ? answers.reverse() : answers[0]);
}

async function connected(): Promise<Bridge> {
  const bridge = new Bridge({ reconnect: { signals: null } });
  bridge.connect();
  await vi.waitFor(() => expect(bridge.state).toBe("open"));
  return bridge;
}

const add = (bridge: Bridge, a: number): Promise<unknown> =>
  bridge.call("add" as never, { a, b: 1 } as never);

beforeEach(() => {
  // The page's session: no launch code, no token kept (the app's secret is off).
  vi.stubGlobal("window", {
    location: { hash: "", pathname: "/", search: "" },
    history: { state: null, replaceState: () => undefined },
    sessionStorage: { getItem: () => null, setItem: () => undefined },
    fetch: (input: string, init: RequestInit) => fetch(input, init),
  });
});
afterEach(() => vi.unstubAllGlobals());

describe("the SSE link's batches", () => {
  it("sends the calls made in one turn in one POST, and settles each with its own answer", async () => {
    const posted = playServer(sums);
    const bridge = await connected();
    const results = await Promise.all([1, 2, 3].map((a) => add(bridge, a)));
    expect(results).toEqual([{ sum: 2 }, { sum: 3 }, { sum: 4 }]);
    const calls = posted.filter((post) => post.url.startsWith("/bridge/call"));
    expect(calls).toHaveLength(1);
    expect((calls[0]!.body as WireRequest[]).map((request) => request.method)).toEqual([
      "add",
      "add",
      "add",
    ]);
    // A lone call travels alone, as a plain request.
    expect(await add(bridge, 5)).toEqual({ sum: 6 });
    expect(Array.isArray(posted.at(-1)!.body)).toBe(false);
    bridge.close();
  });

  it("keeps each POST within the server's batch_requests", async () => {
    const posted = playServer(sums, 2);
    const bridge = await connected();
    await Promise.all([1, 2, 3, 4, 5].map((a) => add(bridge, a)));
    const sizes = posted.map((post) => (Array.isArray(post.body) ? post.body.length : 1));
    expect(sizes).toEqual([2, 2, 1]);
    bridge.close();
  });

  it("fails every call of a batch answered with an HTTP error, with a typed error", async () => {
    playServer(() => new Response("no valid session token", { status: 401 }));
    const bridge = await connected();
    const outcomes = await Promise.allSettled([1, 2].map((a) => add(bridge, a)));
    for (const outcome of outcomes) {
      expect(outcome.status).toBe("rejected");
      const error = (outcome as PromiseRejectedResult).reason as BridgeError;
      expect(error).toBeInstanceOf(BridgeError);
      expect(error.code).toBe(ClientErrorCode.sendFailed);
      expect(error.message).toContain("HTTP 401");
    }
    bridge.close();
  });

  it("fails every call of a batch with the one error that answers the whole batch", async () => {
    const error = { code: -32600, message: "a batch holds at most 1 requests, not 2" };
    playServer(() => json({ jsonrpc: "2.0", id: null, error }));
    const bridge = await connected();
    const outcomes = await Promise.allSettled([1, 2].map((a) => add(bridge, a)));
    expect(outcomes.map((outcome): unknown => (outcome as PromiseRejectedResult).reason)).toEqual([
      new BridgeError(error.code, error.message),
      new BridgeError(error.code, error.message),
    ]);
    bridge.close();
  });
});
