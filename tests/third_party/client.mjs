// The npm json-rpc-2.0 package against a generated app, as a script would use
// it: `node client.mjs websocket|sse LAUNCH_URL`. It trades the launch code for
// the session token, then makes 1,000 concurrent calls, two failing calls and a
// call that emits events, and tries a wrong token; it prints what it saw as one
// JSON object for tests/test_third_party_clients.py to judge.
//
// json-rpc-2.0 leaves the transport to its user: over WebSocket (the `ws`
// package: Node 20 has no WebSocket global) each frame is one message for
// JSONRPCServerAndClient; over SSE, calls are `POST /bridge/call` with fetch
// and each event of the `GET /bridge/events` stream carries one notification.
import { JSONRPCClient, JSONRPCServer, JSONRPCServerAndClient } from "json-rpc-2.0";
import WebSocket from "ws";

const CALLS = 1000;
const [transport, launchUrl] = process.argv.slice(2);
const [page, code] = launchUrl.split("#launch=");
const origin = new URL(page).origin;

async function sessionToken() {
  const response = await fetch(`${origin}/bridge/session`, {
    method: "POST",
    headers: { Origin: origin, "Content-Type": "application/json" },
    body: JSON.stringify({ code }),
  });
  return (await response.json()).token;
}

function headers(token) {
  return { Origin: origin, Authorization: `Bearer ${token}` };
}

/** A JSONRPCServerAndClient over the bridge's WebSocket, once it is open. */
function overWebSocket(token) {
  const socket = new WebSocket(`${origin.replace("http", "ws")}/bridge/ws`, { headers: headers(token) });
  const peer = new JSONRPCServerAndClient(
    new JSONRPCServer(),
    new JSONRPCClient((request) => socket.send(JSON.stringify(request))),
  );
  socket.on("message", (data) => peer.receiveAndSend(JSON.parse(data.toString())));
  socket.on("close", () => peer.rejectAllPendingRequests("connection closed"));
  return new Promise((resolve, reject) => {
    socket.on("open", () => resolve({ peer, close: () => socket.close() }));
    socket.on("unexpected-response", (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.on("error", reject);
  });
}

/** Calls by POST, events from the SSE stream into the same JSONRPCServer. */
async function overSse(token) {
  const client = new JSONRPCClient(async (request) => {
    const response = await fetch(`${origin}/bridge/call`, {
      method: "POST",
      headers: { ...headers(token), "Content-Type": "application/json" },
      body: JSON.stringify(request),
    });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    client.receive(await response.json());
  });
  const server = new JSONRPCServer();
  const stream = new AbortController();
  const response = await fetch(`${origin}/bridge/events`, { headers: headers(token), signal: stream.signal });
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  readEvents(response.body, (message) => server.receive(message)).catch(() => {});
  const peer = new JSONRPCServerAndClient(server, client);
  return { peer, close: () => stream.abort() };
}

/** Each `data:` field of the event stream is one JSON-RPC notification. */
async function readEvents(body, receive) {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    const events = buffered.split(/\r?\n\r?\n/);
    buffered = events.pop();
    for (const event of events) {
      const data = event.split(/\r?\n/).filter((line) => line.startsWith("data:"));
      if (data.length) receive(JSON.parse(data.map((line) => line.slice(5).trimStart()).join("\n")));
    }
  }
}

async function failure(call) {
  try {
    return { answered: await call() };
  } catch (error) {
    return { name: error.constructor.name, code: error.code, message: error.message, data: error.data };
  }
}

const connect = transport === "websocket" ? overWebSocket : overSse;
const token = await sessionToken();
const { peer, close } = await connect(token);
const events = [];
peer.addMethod("progress", (params) => {
  events.push(params);
});

const started = performance.now();
const sums = await Promise.all(
  Array.from({ length: CALLS }, (_, i) => peer.request("add", { a: i, b: 0.5 })),
);
const callsMs = performance.now() - started;

const report = {
  calls: CALLS,
  calls_ms: callsMs,
  wrong_sums: sums.filter((result, i) => result.sum !== i + 0.5).length,
  invalid_params: await failure(() => peer.request("add", { a: "two", b: 1 })),
  no_method: await failure(() => peer.request("no_such_method", {})),
  counted: await peer.request("count_to", { total: 5 }),
};
// Events are sent before the call's answer; on SSE they travel on another
// connection, so give the stream a moment to bring the last one.
for (let wait = 0; events.length < 5 && wait < 50; wait++) await new Promise((r) => setTimeout(r, 100));
report.events = events;
close();
report.wrong_token = await failure(() => connect("not-the-token").then(({ close }) => close()));
console.log(JSON.stringify(report));
