// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
import { TestBed } from "@angular/core/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BridgeError } from "../bridge/client";
import type { FileFilter } from "../bridge/protocol";
import type { WireMessage } from "../bridge/wire";
import { BRIDGE_OPTIONS, BridgeService } from "./bridge.service";
import { DesktopErrorCode, DesktopService, isUnsupported } from "./desktop.service";
import { FakeTransport } from "../testing/fake-transport";

describe("DesktopService", () => {
  let transport: FakeTransport;
  let service: DesktopService;

  beforeEach(() => {
    vi.useFakeTimers();
    transport = new FakeTransport();
    TestBed.configureTestingModule({
      providers: [{ provide: BRIDGE_OPTIONS, useValue: { ...transport.options, callTimeoutMs: 1_000 } }],
    });
    service = TestBed.inject(DesktopService);
    TestBed.inject(BridgeService).connect();
    transport.hello();
  });

  afterEach(() => vi.useRealTimers());

  function fail(id: number, code: number): void {
    const error = { code, message: "a file dialog needs the native window", data: { window: "browser" } };
    transport.current.handlers.message({ jsonrpc: "2.0", id, error } as WireMessage);
  }

  it("asks Python for a dialog over the app's bridge and gives back the typed choice", async () => {
    const filters: FileFilter[] = [{ name: "Text", patterns: ["*.txt"] }];
    const chosen = service.openFiles({ multiple: true, filters });
    const request = transport.current.sent[0];
    expect(request).toMatchObject({ method: "desktop.open_files", params: { multiple: true, filters } });
    transport.answer(request?.id ?? -1, { cancelled: false, paths: ["/home/user/a.txt"] });
    expect(await chosen).toEqual({ cancelled: false, paths: ["/home/user/a.txt"] });
  });

  it("lets a dialog wait for the user far past the default call timeout", async () => {
    const chosen = service.openFiles();
    const request = transport.current.sent[0];
    vi.advanceTimersByTime(10 * 60 * 1000); // ten minutes in the dialog
    transport.answer(request?.id ?? -1, { cancelled: true, paths: [] });
    expect(await chosen).toEqual({ cancelled: true, paths: [] });
  });

  it("rejects with an error the page can recognise when there is no native window", async () => {
    const chosen = service.openFiles();
    fail(transport.current.sent[0]?.id ?? -1, DesktopErrorCode.unsupported);
    const error: unknown = await chosen.catch((reason: unknown) => reason);
    expect(DesktopErrorCode.unsupported).toBe(-32010);
    expect(isUnsupported(error)).toBe(true);
    expect((error as BridgeError).data).toEqual({ window: "browser" });
  });

  it("does not take other errors for unsupported", async () => {
    const opened = service.openExternal("https://example.org/");
    fail(transport.current.sent[0]?.id ?? -1, -32602);
    const error: unknown = await opened.catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(BridgeError);
    expect(isUnsupported(error)).toBe(false);
  });
});
