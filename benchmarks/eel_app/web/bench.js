// The page side of the Eel peer: the JS function Python pushes events to, and
// the timing loop the harness runs in headless Chromium (through eel.js, the
// way an Eel app calls Python).
"use strict";

let progressSeen = 0;

function progress(payload) {
  progressSeen = payload.seq;
}
eel.expose(progress, "progress");

window.eelBench = {
  // Resolves once eel.js has its WebSocket open and the Python functions imported.
  ready: async function () {
    while (!eel._websocket || eel._websocket.readyState !== WebSocket.OPEN) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await eel.add(0, 0)();
  },
  // Round-trip times (ms) of `count` sequential add calls, after `warmup` more.
  callLoop: async function (count, warmup) {
    for (let i = 0; i < warmup; i++) await eel.add(i, 1)();
    const times = [];
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      await eel.add(i, 1)();
      times.push(performance.now() - start);
    }
    return times;
  },
};
