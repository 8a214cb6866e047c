// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeTransport } from "../testing/fake-transport";
import { Bridge, BridgeError } from "./client";
import { Desktop, DesktopErrorCode, isUnsupported } from "./desktop";
import type { WireMessage } from "./wire";

function setup() {
  const transport = new FakeTransport();
  const bridge = new Bridge({ ...transport.options, callTimeoutMs: 1_000 });
  bridge.connect();
  transport.hello();
  return { transport, desktop: new Desktop(bridge) };
}

function fail(transport: FakeTransport, id: number, code: number): void {
  const error = { code, message: "a file dialog needs the native window", data: { window: "browser" } };
  transport.current.handlers.message({ jsonrpc: "2.0", id, error } as WireMessage);
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("Desktop", () => {
  it("asks Python for a dialog with typed params and gives back the typed choice", async () => {
    const { transport, desktop } = setup();
    const chosen = desktop.openFiles({ multiple: true, filters: [{ name: "Text", patterns: ["*.txt"] }] });
    const [request] = transport.current.sent;
    expect(request?.method).toBe("desktop.open_files");
    expect(request?.params).toEqual({ multiple: true, filters: [{ name: "Text", patterns: ["*.txt"] }] });
    transport.answer(1, { cancelled: false, paths: ["/home/user/a.txt"] });
    expect(await chosen).toEqual({ cancelled: false, paths: ["/home/user/a.txt"] });
  });

  it("lets a dialog wait for the user far past the default call timeout", async () => {
    const { transport, desktop } = setup();
    const saved = desktop.saveFile("report.csv");
    expect(transport.current.sent[0]?.params).toEqual({ suggested_name: "report.csv" });
    vi.advanceTimersByTime(10 * 60 * 1000); // ten minutes in the dialog
    transport.answer(1, { cancelled: true, path: null });
    expect(await saved).toEqual({ cancelled: true, path: null });
  });

  it("sends a notification's title and message", async () => {
    const { transport, desktop } = setup();
    const shown = desktop.notify("Done", "All saved.");
    expect(transport.current.sent[0]?.method).toBe("desktop.notify");
    expect(transport.current.sent[0]?.params).toEqual({ title: "Done", message: "All saved." });
    transport.answer(1, null);
    await expect(shown).resolves.toBeUndefined();
  });

  it("asks for another window on a view", async () => {
    const { transport, desktop } = setup();
    const opened = desktop.openWindow("second", "Second window");
    expect(transport.current.sent[0]?.method).toBe("desktop.open_window");
    expect(transport.current.sent[0]?.params).toEqual({ view: "second", title: "Second window" });
    transport.answer(1, null);
    await expect(opened).resolves.toBeUndefined();
  });

  it("unwraps confirm's answer to a boolean", async () => {
    const { transport, desktop } = setup();
    const confirmed = desktop.confirm("Delete?", "This cannot be undone.");
    transport.answer(1, { confirmed: true });
    expect(await confirmed).toBe(true);
  });

  it("rejects with a typed error the page can test for when there is no native window", async () => {
    const { transport, desktop } = setup();
    const chosen = desktop.chooseFolder();
    fail(transport, 1, DesktopErrorCode.unsupported);
    const error: unknown = await chosen.catch((reason: unknown) => reason);
    expect(isUnsupported(error)).toBe(true);
    expect((error as BridgeError).data).toEqual({ window: "browser" });
  });

  it("does not take other errors for unsupported", async () => {
    const { transport, desktop } = setup();
    const opened = desktop.openExternal("https://example.org/");
    fail(transport, 1, -32602);
    const error: unknown = await opened.catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(BridgeError);
    expect(isUnsupported(error)).toBe(false);
    expect(isUnsupported(new Error("x"))).toBe(false);
  });
});
