// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
import { act, type ReactNode, StrictMode, useEffect } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Bridge, type BridgeOptions, type ConnectionState } from "../bridge/client";
import { Desktop, DesktopErrorCode, isUnsupported } from "../bridge/desktop";
import type { WireMessage } from "../bridge/wire";
import { FakeTransport } from "../testing/fake-transport";
import {
  BridgeProvider,
  type LiveSettings,
  useBridge,
  useConnectionState,
  useDesktop,
  useEvent,
  useReset,
  useSettings,
} from ".";

// Tell React that act() is in use (no warnings about updates outside it).
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// The fake speaks any method and event: these stay independent of your protocol.
const SOME_EVENT = "some_event" as never;

let transport: FakeTransport;
let container: HTMLElement;
let root: Root;
let options: BridgeOptions;

beforeEach(() => {
  transport = new FakeTransport();
  options = { openLink: transport.openLink, reconnect: { signals: null } };
  container = document.createElement("div");
  root = createRoot(container);
});

afterEach(async () => {
  await step(() => root.unmount());
  vi.restoreAllMocks();
});

async function render(children: ReactNode): Promise<void> {
  await step(() =>
    root.render(
      <StrictMode>
        <BridgeProvider options={options}>{children}</BridgeProvider>
      </StrictMode>,
    ),
  );
}

/** Do `action` inside act(), then let what it queued run (renders, effects, microtasks). */
async function step(action: () => unknown): Promise<void> {
  await act(async () => {
    action();
    await Promise.resolve();
  });
}

function text(): string {
  return container.textContent ?? "";
}

describe("BridgeProvider", () => {
  it("keeps one live link under StrictMode, and closes it on unmount", async () => {
    const effectRuns = vi.fn();
    function Probe() {
      const bridge = useBridge();
      useEffect(() => {
        effectRuns(bridge);
      }, [bridge]);
      return null;
    }
    await render(<Probe />);
    expect(effectRuns).toHaveBeenCalledTimes(2); // StrictMode did rehearse the effects
    expect(transport.mostLiveAtOnce).toBe(1);
    expect(transport.live).toHaveLength(1);
    expect(transport.links).toHaveLength(1); // the rehearsal kept the link it opened

    await step(() => root.unmount());
    expect(transport.live).toHaveLength(0);
  });

  it("lets a component call Python from its first mount effect", async () => {
    const answers: unknown[] = [];
    const failures: unknown[] = [];
    function LoadsOnMount() {
      const bridge = useBridge();
      useEffect(() => {
        bridge.call("some_method" as never, {} as never).then(
          (result: unknown) => void answers.push(result),
          (error: unknown) => failures.push(error),
        );
      }, [bridge]);
      return null;
    }
    await render(<LoadsOnMount />);
    await step(() => transport.hello());
    const ids = transport.current.sent.map((request) => request.id);
    expect(ids).toHaveLength(2); // StrictMode mounted it twice: two calls, both waiting
    await step(() => ids.forEach((id) => transport.answer(id, { id })));
    expect(failures).toEqual([]);
    expect(answers).toEqual([{ id: ids[0] }, { id: ids[1] }]);
  });

  it("reconnects a remounted provider with a fresh link, never two at once", async () => {
    await render(<p>one</p>);
    await step(() => root.unmount());
    root = createRoot(container);
    await render(<p>two</p>);
    expect(transport.links).toHaveLength(2);
    expect(transport.mostLiveAtOnce).toBe(1);
    expect(transport.live).toEqual([transport.links[1]]);
  });
});

describe("useBridge", () => {
  it("says what is missing outside a provider", async () => {
    const bare = createRoot(document.createElement("div"));
    function Orphan() {
      useBridge();
      return null;
    }
    await expect(step(() => bare.render(<Orphan />))).rejects.toThrow(
      "useBridge() and the bridge hooks need a <BridgeProvider> around the component",
    );
  });
});

describe("useConnectionState", () => {
  it("re-renders as the connection changes", async () => {
    const seen: ConnectionState[] = [];
    function Status() {
      const state = useConnectionState();
      useEffect(() => void seen.push(state), [state]);
      return <p>{state}</p>;
    }
    await render(<Status />);
    expect(text()).toBe("connecting");
    await step(() => transport.hello());
    expect(text()).toBe("open");
    await step(() => transport.current.handlers.lost());
    expect(text()).toBe("reconnecting");
    expect(seen).toContain("open");
  });
});

describe("useEvent", () => {
  function Listener({ handler }: { handler: (data: unknown, seq: number) => void }) {
    useEvent(SOME_EVENT, handler);
    return null;
  }

  it("hands over each event with its seq, and stops when the component unmounts", async () => {
    const handler = vi.fn();
    const page = (listening: boolean) => (listening ? <Listener handler={handler} /> : null);
    await render(page(true));
    await step(() => {
      transport.hello("e1", 10);
      transport.event(11);
      transport.event(12);
    });
    expect(handler.mock.calls).toEqual([
      [{ n: 11 }, 11],
      [{ n: 12 }, 12],
    ]);

    await render(page(false)); // the provider stays, the listener goes
    await step(() => transport.event(13));
    expect(handler).toHaveBeenCalledTimes(2);
    expect(transport.live).toHaveLength(1);
  });

  it("calls the latest handler without subscribing again", async () => {
    const subscribe = vi.spyOn(Bridge.prototype, "on");
    const first = vi.fn();
    const second = vi.fn();
    await render(<Listener handler={first} />);
    await step(() => transport.hello());
    const subscriptions = subscribe.mock.calls.length;

    await render(<Listener handler={second} />);
    await step(() => transport.event(1));
    expect(subscribe.mock.calls.length).toBe(subscriptions);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledWith({ n: 1 }, 1);
  });
});

describe("useReset", () => {
  it("hears why events could not be resumed", async () => {
    const reasons: string[] = [];
    const bridges: Bridge[] = [];
    function Resyncs() {
      const bridge = useBridge();
      useEffect(() => void bridges.push(bridge), [bridge]);
      useReset((reason) => reasons.push(reason));
      return null;
    }
    await render(<Resyncs />);
    await step(() => transport.hello("e1", 5));
    await step(() => bridges[0]?.reconnect());
    await step(() => transport.hello("e2", 0, "new-run"));
    expect(reasons).toEqual(["new-run"]);
  });
});

describe("useDesktop", () => {
  /** Renders and hands over the Desktop of every render, the latest last. */
  function Desktops({ seen }: { seen: Desktop[]; round?: number }) {
    const desktop = useDesktop();
    useEffect(() => void seen.push(desktop)); // after each render, not only when it changes
    return null;
  }

  async function rendered(): Promise<Desktop> {
    const seen: Desktop[] = [];
    await render(<Desktops seen={seen} />);
    await step(() => transport.hello());
    const desktop = seen.at(-1);
    if (desktop === undefined) throw new Error("not rendered");
    return desktop;
  }

  it("asks Python over the provider's bridge and gives back the typed answer", async () => {
    const desktop = await rendered();
    const chosen = desktop.openFiles({ multiple: true, filters: [{ name: "Text", patterns: ["*.txt"] }] });
    const [request] = transport.current.sent;
    expect(request?.method).toBe("desktop.open_files");
    expect(request?.params).toEqual({ multiple: true, filters: [{ name: "Text", patterns: ["*.txt"] }] });
    await step(() => transport.answer(request?.id ?? -1, { cancelled: false, paths: ["/home/user/a.txt"] }));
    expect(await chosen).toEqual({ cancelled: false, paths: ["/home/user/a.txt"] });
  });

  it("gives the same Desktop on every render", async () => {
    const seen: Desktop[] = [];
    await render(<Desktops seen={seen} round={1} />);
    await render(<Desktops seen={seen} round={2} />);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(new Set(seen).size).toBe(1);
    expect(seen[0]).toBeInstanceOf(Desktop);
  });

  it("rejects with an error isUnsupported recognises when there is no native window", async () => {
    const desktop = await rendered();
    const chosen = desktop.chooseFolder().catch((reason: unknown) => reason);
    const [request] = transport.current.sent;
    const error = { code: DesktopErrorCode.unsupported, message: "a folder dialog needs the native window" };
    await step(() =>
      transport.current.handlers.message({ jsonrpc: "2.0", id: request?.id, error } as WireMessage),
    );
    const failure = await chosen;
    expect(isUnsupported(failure)).toBe(true);
    expect((failure as Error).message).toBe("a folder dialog needs the native window");
  });
});

describe("useSettings", () => {
  // Settings of any shape: the hook never looks inside them.
  const settingsOf = (version: number) => ({ version }) as never;

  /** Shows the settings (or why they failed to load) and hands over what the hook gave on each render. */
  function SettingsView({ seen }: { seen: LiveSettings[]; round?: number }) {
    const live = useSettings();
    useEffect(() => void seen.push(live));
    const { settings, error } = live;
    const why = error instanceof Error ? error.message : "";
    return <p>{settings === null ? `none ${why}` : JSON.stringify(settings)}</p>;
  }

  /** Renders the view with the link open, and the ids of the loads it sent. */
  async function rendered(seen: LiveSettings[] = []): Promise<number[]> {
    await render(<SettingsView seen={seen} />);
    await step(() => transport.hello("e1", 5));
    return loads();
  }

  function loads(): number[] {
    const requests = transport.current.sent.filter((request) => request.method === "settings.get");
    requests.forEach((request) => expect(request.params).toEqual({}));
    return requests.map((request) => request.id);
  }

  it("loads the settings on mount", async () => {
    const ids = await rendered();
    expect(ids).toHaveLength(2); // StrictMode mounted it twice
    expect(text()).toBe("none ");
    await step(() => ids.forEach((id) => transport.answer(id, settingsOf(1))));
    expect(text()).toBe('{"version":1}');
  });

  it("keeps the newest settings when answers cross events and each other", async () => {
    const [rehearsal, load] = await rendered();
    await step(() => transport.event(6, settingsOf(2), "settings_changed"));
    expect(text()).toBe('{"version":2}');
    await step(() => transport.answer(load ?? -1, settingsOf(1))); // read before the change
    await step(() => transport.answer(rehearsal ?? -1, settingsOf(0)));
    expect(text()).toBe('{"version":2}');
  });

  it("follows every settings_changed event", async () => {
    const ids = await rendered();
    await step(() => ids.forEach((id) => transport.answer(id, settingsOf(1))));
    await step(() => transport.event(6, settingsOf(2), "settings_changed"));
    expect(text()).toBe('{"version":2}');
    await step(() => transport.event(7, settingsOf(3), "settings_changed"));
    expect(text()).toBe('{"version":3}');
  });

  it("says why loading failed, until settings arrive", async () => {
    const ids = await rendered();
    const error = { code: -32603, message: "the disk is gone" };
    await step(() =>
      ids.forEach((id) => transport.current.handlers.message({ jsonrpc: "2.0", id, error } as WireMessage)),
    );
    expect(text()).toBe("none the disk is gone");
    await step(() => transport.event(6, settingsOf(2), "settings_changed"));
    expect(text()).toBe('{"version":2}');
  });

  it("sends update's patch and resolves with the saved settings, with the same update every render", async () => {
    const seen: LiveSettings[] = [];
    const ids = await rendered(seen);
    await step(() => ids.forEach((id) => transport.answer(id, settingsOf(1))));
    const update = seen.at(-1)?.update;
    if (update === undefined) throw new Error("not rendered");
    expect(new Set(seen.map((live) => live.update)).size).toBe(1);

    const saved = update({ some: "patch" } as never);
    const request = transport.current.sent.at(-1);
    expect(request?.method).toBe("settings.update");
    expect(request?.params).toEqual({ some: "patch" });
    await step(() => transport.answer(request?.id ?? -1, settingsOf(2)));
    expect(await saved).toEqual({ version: 2 });
    expect(text()).toBe('{"version":2}');
  });

  it("loads again when events could not be resumed", async () => {
    const bridges: Bridge[] = [];
    function Resyncs() {
      const bridge = useBridge();
      useEffect(() => void bridges.push(bridge), [bridge]);
      return <SettingsView seen={[]} />;
    }
    await render(<Resyncs />);
    await step(() => transport.hello("e1", 5));
    await step(() => loads().forEach((id) => transport.answer(id, settingsOf(1))));
    await step(() => bridges[0]?.reconnect());
    await step(() => transport.hello("e2", 0, "new-run"));
    const [reload, ...more] = loads(); // on the new link
    expect(more).toEqual([]);
    await step(() => transport.answer(reload ?? -1, settingsOf(7)));
    expect(text()).toBe('{"version":7}');
  });
});
