import "./style.css";
import { Bridge, BridgeError, type Bytes } from "./bridge/client";
import { Desktop, isUnsupported } from "./bridge/desktop";
import { showConnectionState } from "./connection-status";

function element<T extends HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (found === null) throw new Error(`index.html lacks ${selector}`);
  return found;
}

function describe(error: unknown): string {
  return error instanceof BridgeError ? `error ${error.code}: ${error.message}` : String(error);
}

const bridge = new Bridge();
const status = element<HTMLElement>("#connection-status");
bridge.onState((state) => showConnectionState(status, state));

// A typed call: the params and the result follow from the method name.
element<HTMLFormElement>("#add-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const a = element<HTMLInputElement>("#add-a").valueAsNumber;
  const b = element<HTMLInputElement>("#add-b").valueAsNumber;
  const output = element<HTMLOutputElement>("#sum");
  bridge.call("add", { a, b }).then(
    (result) => (output.value = String(result.sum)),
    (error: unknown) => (output.value = describe(error)),
  );
});

// Pushed events: count them and check their sequence numbers are consecutive.
let received = 0;
let previousSeq: number | null = null;
bridge.on("progress", (progress, seq) => {
  received += 1;
  if (previousSeq !== null && seq !== previousSeq + 1) {
    element<HTMLOutputElement>("#events-in-order").value = `no (${previousSeq} then ${seq})`;
  }
  previousSeq = seq;
  const bar = element<HTMLProgressElement>("#progress");
  bar.max = progress.total;
  bar.value = progress.current;
  element<HTMLOutputElement>("#event-count").value = String(received);
  element<HTMLOutputElement>("#last-seq").value = String(seq);
});
// Events could not be resumed (the app restarted, or too many were missed):
// a real app reloads its state here; the demo starts its order check afresh.
let resets = 0;
bridge.onReset((reason) => {
  loadSettings();
  resets += 1;
  previousSeq = null;
  element<HTMLOutputElement>("#resets").value = `${resets} (${reason})`;
});
element<HTMLFormElement>("#count-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const total = element<HTMLInputElement>("#count-total").valueAsNumber;
  const interval_ms = element<HTMLInputElement>("#count-interval").valueAsNumber;
  bridge.call("count_to", { total, interval_ms }, { timeoutMs: 600_000 }).catch((error: unknown) => {
    element<HTMLOutputElement>("#error").value = describe(error);
  });
});

// Many calls at once: made while offline they wait, in flight at a drop they
// are sent again, and Python still counts each exactly once.
let answered = 0;
let failed = 0;
let highest = 0;
element<HTMLFormElement>("#calls-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const total = element<HTMLInputElement>("#calls-total").valueAsNumber;
  for (let i = 0; i < total; i++) {
    bridge.call("increment", { by: 1 }, { timeoutMs: 120_000 }).then(
      (tally) => {
        answered += 1;
        highest = Math.max(highest, tally.count);
        element<HTMLOutputElement>("#calls-answered").value = String(answered);
        element<HTMLOutputElement>("#tally").value = String(highest);
      },
      (error: unknown) => {
        failed += 1;
        element<HTMLOutputElement>("#calls-failed").value = String(failed);
        element<HTMLOutputElement>("#error").value = describe(error);
      },
    );
  }
});

// Bytes both ways: a file to Python, which answers with its size and SHA-256 ...
element<HTMLFormElement>("#upload-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const file = element<HTMLInputElement>("#upload-file").files?.[0];
  const output = element<HTMLOutputElement>("#upload-result");
  if (file === undefined) return;
  output.value = "sending...";
  bridge.upload("hash_file", { name: file.name }, file).then(
    (digest) => (output.value = `${digest.name}: ${digest.size} bytes, sha256 ${digest.sha256}`),
    (error: unknown) => (output.value = describe(error)),
  );
});

// ... and a file from Python, checked here against the hash Python sent with it.
let savedFileUrl: string | null = null;
element<HTMLFormElement>("#download-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const size = element<HTMLInputElement>("#download-size").valueAsNumber;
  const output = element<HTMLOutputElement>("#download-result");
  const check = element<HTMLOutputElement>("#download-check");
  const save = element<HTMLAnchorElement>("#download-save");
  output.value = "receiving...";
  check.value = "";
  save.hidden = true;
  bridge
    .download("make_file", { size, seed: Date.now() % 1_000_000 })
    .then(async ({ result, data }) => {
      const sha256 = await sha256Hex(data);
      output.value = `${result.name}: ${data.length} bytes, sha256 ${sha256}`;
      check.value = sha256 === result.sha256 && data.length === result.size ? "intact" : "CORRUPT";
      if (savedFileUrl !== null) URL.revokeObjectURL(savedFileUrl);
      savedFileUrl = URL.createObjectURL(new Blob([data]));
      save.href = savedFileUrl;
      save.download = result.name;
      save.hidden = false;
    })
    .catch((error: unknown) => (output.value = describe(error)));
});

async function sha256Hex(data: Bytes): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", data);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// A native dialog: the user picks a file, and Python (which may read only
// what the user picked) answers with its size and hash.
const desktop = new Desktop(bridge);
element<HTMLButtonElement>("#open-file").addEventListener("click", () => {
  const output = element<HTMLOutputElement>("#open-result");
  desktop
    .openFiles()
    .then(async ({ cancelled, paths }) => {
      const [path] = paths;
      if (cancelled || path === undefined) {
        output.value = "cancelled";
        return;
      }
      const digest = await bridge.call("hash_chosen_file", { path });
      output.value = `${digest.name}: ${digest.size} bytes, sha256 ${digest.sha256}`;
    })
    .catch((error: unknown) => {
      // Browser and headless modes have no native dialog: the file input above works there.
      output.value = isUnsupported(error) ? "no native window: use Send to Python" : describe(error);
    });
});

// The native window's menu (declared in app.py): each choice arrives typed by
// the menu's ids.
bridge.on("menu_activated", ({ id }) => {
  element<HTMLOutputElement>("#menu-result").value = id === "say_hello" ? "Hello from the menu" : `chose ${id}`;
});

// A desktop notification, shown by Python (a window is not needed, a
// notification service is).
element<HTMLButtonElement>("#notify").addEventListener("click", () => {
  const output = element<HTMLOutputElement>("#notify-result");
  desktop.notify("Hello from the page", "Python showed this notification.").then(
    () => (output.value = "shown"),
    (error: unknown) => (output.value = isUnsupported(error) ? "no notification service here" : describe(error)),
  );
});

// More windows of this same page: each one is a client of the bridge and
// receives every event. A window's view comes from its URL (?view=).
const windowView = element<HTMLOutputElement>("#window-view");
windowView.value = new URLSearchParams(window.location.search).get("view") ?? "main";
element<HTMLButtonElement>("#open-window").addEventListener("click", () => {
  desktop.openWindow("second", "Second window").catch((error: unknown) => {
    windowView.value = isUnsupported(error) ? "no native window: open another tab" : describe(error);
  });
});

// Launching the app again hands the new launch's arguments to this one
// (files to open, say); the second launch starts nothing and exits.
bridge.on("second_launch", ({ args }) => {
  element<HTMLOutputElement>("#second-launch").value = args.length > 0 ? args.join(" ") : "(no arguments)";
});

// Settings live in Python: the page's origin changes at every launch (a new
// port), so localStorage would forget them. Every page hears each change.
const greeting = element<HTMLOutputElement>("#greeting");
function loadSettings(): void {
  bridge.call("settings.get", {}).then(
    (settings) => (greeting.value = settings.greeting),
    (error: unknown) => (greeting.value = describe(error)),
  );
}
bridge.on("settings_changed", (settings) => (greeting.value = settings.greeting));
loadSettings();
element<HTMLFormElement>("#settings-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = element<HTMLInputElement>("#greeting-input");
  bridge.call("settings.update", { greeting: input.value }).catch((error: unknown) => {
    greeting.value = describe(error);
  });
});

// A typed error: Python raised; the page gets a code, a message and an incident id.
element<HTMLButtonElement>("#divide-by-zero").addEventListener("click", () => {
  const output = element<HTMLOutputElement>("#error");
  bridge.call("divide", { a: 1, b: 0 }).then(
    (result) => (output.value = String(result.quotient)),
    (error: unknown) => (output.value = describe(error)),
  );
});

bridge.connect();
