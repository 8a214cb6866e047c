import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Greeter } from "./App";
import { BridgeProvider } from "./bridge-react";
import { FakeTransport } from "./testing/fake-transport";

// Tell React that act() is in use (no warnings about updates outside it).
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let transport: FakeTransport;
let container: HTMLElement;
let root: Root;

beforeEach(async () => {
  transport = new FakeTransport();
  container = document.createElement("div");
  document.body.append(container); // a form submits only in the document
  root = createRoot(container);
  const options = { openLink: transport.openLink, reconnect: { signals: null } };
  await step(() =>
    root.render(
      <BridgeProvider options={options}>
        <Greeter />
      </BridgeProvider>,
    ),
  );
  await step(() => transport.hello());
});

afterEach(async () => {
  await step(() => root.unmount());
  container.remove();
});

/** Do `action` inside act(), then let what it queued run. */
async function step(action: () => unknown): Promise<void> {
  await act(async () => {
    action();
    await Promise.resolve();
  });
}

function text(selector: string): string | null | undefined {
  return container.querySelector(selector)?.textContent;
}

describe("Greeter", () => {
  it("greets through Python and shows the greeted event", async () => {
    await step(() => container.querySelector<HTMLButtonElement>("#greet")?.click());
    const [request] = transport.current.sent;
    expect(request).toMatchObject({ method: "greet", params: { name: "World" } });
    await step(() => transport.answer(request?.id ?? -1, { text: "Hello, World!" }));
    await step(() => transport.event(1, { name: "World", count: 1 }, "greeted"));
    expect(text("#greeting")).toBe("Hello, World!");
    expect(text("#greeted")).toBe("World (1 so far)");
  });
});
