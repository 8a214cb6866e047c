import "./style.css";
import { Bridge, BridgeError } from "./bridge/client";
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
element<HTMLFormElement>("#count-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const total = element<HTMLInputElement>("#count-total").valueAsNumber;
  bridge.call("count_to", { total }).catch((error: unknown) => {
    element<HTMLOutputElement>("#error").value = describe(error);
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
