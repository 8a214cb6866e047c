// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
import { describe, expect, it } from "vitest";
import {
  batchLimits,
  httpFailure,
  postsFor,
  type QueuedCall,
  responsesFor,
  UNBATCHED,
} from "./call-batch";
import { SEND_FAILED, type WireRequest } from "./wire";

function request(id: number): WireRequest {
  return { jsonrpc: "2.0", id, method: "add", params: { a: id, b: 1 } };
}

function queued(...ids: number[]): QueuedCall[] {
  return ids.map((id) => {
    const call = request(id);
    return { request: call, text: JSON.stringify(call) };
  });
}

const ids = (posts: ReturnType<typeof postsFor>): number[][] =>
  posts.map((post) => post.calls.map((call) => call.request.id));

describe("batchLimits", () => {
  it("reads the server's limits from its $/hello", () => {
    expect(batchLimits({ limits: { batch_requests: 64, message_bytes: 1000 } })).toEqual({
      requests: 64,
      bytes: 1000,
    });
  });

  it("sends every call alone when the server names no batch limit", () => {
    expect(batchLimits({ epoch: "e", seq: 0 })).toEqual(UNBATCHED);
    expect(batchLimits({ limits: { batch_requests: 0 } })).toEqual(UNBATCHED);
    expect(batchLimits(undefined)).toEqual(UNBATCHED);
  });
});

describe("postsFor", () => {
  it("sends a lone call as a plain request, not a batch of one", () => {
    const [call] = queued(1);
    expect(postsFor([call!], { requests: 64, bytes: Infinity })).toEqual([
      { calls: [call], body: call!.text },
    ]);
  });

  it("puts calls together in order, as one JSON-RPC batch", () => {
    const calls = queued(1, 2, 3);
    const posts = postsFor(calls, { requests: 64, bytes: Infinity });
    expect(ids(posts)).toEqual([[1, 2, 3]]);
    expect(JSON.parse(posts[0]!.body)).toEqual(calls.map((call) => call.request));
  });

  it("holds at most the server's requests per batch", () => {
    expect(ids(postsFor(queued(1, 2, 3, 4, 5), { requests: 2, bytes: Infinity }))).toEqual([
      [1, 2],
      [3, 4],
      [5],
    ]);
    expect(ids(postsFor(queued(1, 2), UNBATCHED))).toEqual([[1], [2]]);
  });

  it("keeps a batch within the message limit, counting UTF-8's most bytes per character", () => {
    const calls = queued(1, 2, 3);
    const oneCall = calls[0]!.text.length * 3 + 1;
    const posts = postsFor(calls, { requests: 64, bytes: 2 + 2 * oneCall });
    expect(ids(posts)).toEqual([[1, 2], [3]]);
    for (const post of posts) {
      expect(new TextEncoder().encode(post.body).length).toBeLessThanOrEqual(2 + 2 * oneCall);
    }
  });
});

describe("responsesFor", () => {
  const requests = [request(1), request(2), request(3)];

  it("gives each call of a batch its own response, whatever their order", () => {
    const answer = [
      { jsonrpc: "2.0", id: 3, result: { sum: 4 } },
      { jsonrpc: "2.0", id: 1, result: { sum: 2 } },
      { jsonrpc: "2.0", id: 2, error: { code: -32602, message: "bad params" } },
    ];
    expect(responsesFor(requests, answer)).toEqual([answer[1], answer[2], answer[0]]);
  });

  it("fails a call the batch's answer leaves out with a typed error", () => {
    const answer = [{ jsonrpc: "2.0", id: 1, result: { sum: 2 } }];
    const [, second, third] = responsesFor(requests, answer);
    for (const [response, id] of [
      [second, 2],
      [third, 3],
    ] as const) {
      expect(response).toMatchObject({ id, error: { code: SEND_FAILED } });
    }
  });

  it("fails every call with the one error that answers a whole batch", () => {
    const error = { code: -32600, message: "a batch holds at most 2 requests, not 3" };
    expect(responsesFor(requests, { jsonrpc: "2.0", id: null, error })).toEqual(
      requests.map((call) => ({ jsonrpc: "2.0", id: call.id, error })),
    );
  });

  it("gives a lone call the answer, with its id when the refusal names none", () => {
    const error = { code: -32000, message: "the limit is 10 bytes" };
    expect(responsesFor([request(7)], { jsonrpc: "2.0", id: null, error })).toEqual([
      { jsonrpc: "2.0", id: 7, error },
    ]);
    expect(responsesFor([request(7)], { jsonrpc: "2.0", id: 7, result: 1 })).toEqual([
      { jsonrpc: "2.0", id: 7, result: 1 },
    ]);
  });

  it("fails every call of a batch answered with a lone result, or with no response at all", () => {
    for (const answer of [{ jsonrpc: "2.0", id: 1, result: 1 }, "busy", null, 3]) {
      const responses = responsesFor(requests, answer);
      expect(responses.map((response) => response.id)).toEqual([1, 2, 3]);
      for (const response of responses) expect(response.error?.code).toBe(SEND_FAILED);
    }
  });
});

describe("httpFailure", () => {
  it("fails each call with a typed error naming the HTTP status", () => {
    const responses = httpFailure([request(1), request(2), request(3)], 401, "no valid session token");
    expect(responses.map((response) => response.id)).toEqual([1, 2, 3]);
    for (const response of responses) {
      expect(response.error).toEqual({
        code: SEND_FAILED,
        message: "add: HTTP 401: no valid session token",
      });
    }
  });
});
