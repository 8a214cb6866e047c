// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
/**
 * Calls grouped into JSON-RPC 2.0 batches, for the SSE link: every call is an
 * HTTP request there, and a browser pays far more per request than per byte
 * (and holds at most six connections to the app, one of them for the event
 * stream). Calls sent in the same turn of the event loop (a Promise.all, the
 * calls re-sent after a reconnection) therefore travel as one POST, whose
 * answer is an array of their responses (bridge/batch.py on the server).
 *
 * A batch stays within the server's limits from its $/hello (requests per
 * batch, bytes per message); a lone call travels alone, as a plain request.
 * Whatever the answer, every call of a POST hears about it: its own response,
 * or a typed error when the answer is not one (an HTTP error, one error for
 * the whole batch, a response missing).
 */

import { SEND_FAILED, type WireMessage, type WireRequest } from "./wire";

/** A call to send: the request, and its JSON (encoded once, by the client). */
export interface QueuedCall {
  request: WireRequest;
  text: string;
}

/** The server's limits that bound a batch (its $/hello `limits`). */
export interface BatchLimits {
  /** Most requests in one batch (`batch_requests`). */
  requests: number;
  /** Most bytes in one message (`message_bytes`). */
  bytes: number;
}

/** One POST: the calls it carries and its body. */
export interface CallPost {
  calls: QueuedCall[];
  body: string;
}

/** Without limits from the server, every call travels alone. */
export const UNBATCHED: BatchLimits = { requests: 1, bytes: Infinity };

/** What a $/hello's params say about batches (UNBATCHED when they say nothing). */
export function batchLimits(helloParams: unknown): BatchLimits {
  const limits = (helloParams as { limits?: { batch_requests?: unknown; message_bytes?: unknown } })
    ?.limits;
  const requests = limits?.batch_requests;
  const bytes = limits?.message_bytes;
  if (typeof requests !== "number" || requests < 1) return UNBATCHED;
  return { requests, bytes: typeof bytes === "number" ? bytes : Infinity };
}

/** The POSTs that carry `calls`, in order. A batch's size is counted as 3
 * bytes per UTF-16 unit (UTF-8's most), so it never exceeds `limits.bytes`;
 * a call too large to share a POST travels alone (the client checked it fits). */
export function postsFor(calls: readonly QueuedCall[], limits: BatchLimits): CallPost[] {
  const posts: CallPost[] = [];
  let group: QueuedCall[] = [];
  let size = 2; // the brackets
  const close = (): void => {
    if (group.length === 1) posts.push({ calls: group, body: group[0]!.text });
    else if (group.length > 1) posts.push({ calls: group, body: `[${group.map((call) => call.text).join(",")}]` });
    group = [];
    size = 2;
  };
  for (const call of calls) {
    const callSize = call.text.length * 3 + 1; // and its comma
    if (group.length >= limits.requests || (group.length > 0 && size + callSize > limits.bytes)) close();
    group.push(call);
    size += callSize;
  }
  close();
  return posts;
}

/** A typed error for a call whose POST was answered with no response for it. */
function failed(request: WireRequest, reason: string): WireMessage {
  return { id: request.id, error: { code: SEND_FAILED, message: `${request.method}: ${reason}` } };
}

/** The response each call of a POST gets from its decoded answer: the answer
 * itself for a lone call (a refusal before the request was read names no id;
 * it is this call's), the member with the call's id for a batch, the one error
 * for the whole batch to each of its calls, else a typed error. */
export function responsesFor(requests: readonly WireRequest[], answer: unknown): WireMessage[] {
  if (Array.isArray(answer)) {
    const byId = new Map<unknown, WireMessage>();
    for (const member of answer as unknown[]) {
      if (typeof member === "object" && member !== null) {
        const message = member as WireMessage;
        byId.set(message.id, message);
      }
    }
    return requests.map(
      (request) => byId.get(request.id) ?? failed(request, "the batch's answer holds no response to it"),
    );
  }
  if (typeof answer !== "object" || answer === null) {
    return requests.map((request) => failed(request, "the answer is not a JSON-RPC response"));
  }
  const message = answer as WireMessage;
  const [only] = requests;
  if (requests.length === 1 && only !== undefined) return [{ ...message, id: message.id ?? only.id }];
  if (message.error !== undefined) return requests.map((request) => ({ ...message, id: request.id }));
  return requests.map((request) => failed(request, "a batch was answered with a single response"));
}

/** The responses for calls whose POST was answered with HTTP `status` and a body that is not JSON. */
export function httpFailure(requests: readonly WireRequest[], status: number, text: string): WireMessage[] {
  const reason = `HTTP ${status}${text === "" ? "" : `: ${text.slice(0, 200)}`}`;
  return requests.map((request) => failed(request, reason));
}
