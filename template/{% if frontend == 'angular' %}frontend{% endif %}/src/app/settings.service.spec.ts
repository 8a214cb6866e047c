// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
import { TestBed } from "@angular/core/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { BridgeError } from "../bridge/client";
import type { WireMessage } from "../bridge/wire";
import { BRIDGE_OPTIONS, BridgeService } from "./bridge.service";
import { SettingsService } from "./settings.service";
import { FakeTransport } from "../testing/fake-transport";

describe("SettingsService", () => {
  let transport: FakeTransport;

  beforeEach(() => {
    transport = new FakeTransport();
    TestBed.configureTestingModule({
      providers: [{ provide: BRIDGE_OPTIONS, useValue: transport.options }],
    });
    // As in the app: connected before anything uses the settings.
    TestBed.inject(BridgeService).connect();
    transport.hello("e1", 0);
  });

  /** Let answered calls' promise chains run to the end. */
  function settle(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve));
  }

  /** The service, with its first `settings.get` answered. */
  async function loaded(greeting = "Hello"): Promise<SettingsService> {
    const service = TestBed.inject(SettingsService);
    transport.answer(transport.current.sent[0]?.id ?? -1, { greeting });
    await settle();
    return service;
  }

  it("loads the settings from Python when created", async () => {
    const service = TestBed.inject(SettingsService);
    expect(service.settings()).toBeNull();
    const request = transport.current.sent[0];
    expect(request).toMatchObject({ method: "settings.get", params: {} });
    transport.answer(request?.id ?? -1, { greeting: "Hello" });
    await settle();
    expect(service.settings()).toEqual({ greeting: "Hello" });
    expect(service.loadError()).toBeNull();
  });

  it("follows every change Python pushes, whoever made it", async () => {
    const service = await loaded();
    transport.event(1, { greeting: "Hi" }, "settings_changed");
    expect(service.settings()).toEqual({ greeting: "Hi" });
    transport.event(2, { greeting: "Hey" }, "settings_changed");
    expect(service.settings()).toEqual({ greeting: "Hey" });
  });

  it("sends a patch and resolves with the settings as saved", async () => {
    const service = await loaded();
    const saved = service.update({ greeting: "Hi" });
    const request = transport.current.sent[1];
    expect(request).toMatchObject({ method: "settings.update", params: { greeting: "Hi" } });
    transport.answer(request?.id ?? -1, { greeting: "Hi" });
    expect(await saved).toEqual({ greeting: "Hi" });
  });

  it("rejects an update Python refuses, and keeps the settings", async () => {
    const service = await loaded();
    const saved = service.update({ greeting: "" });
    const id = transport.current.sent[1]?.id ?? -1;
    const error = { code: -32602, message: "invalid settings" };
    transport.current.handlers.message({ jsonrpc: "2.0", id, error } as WireMessage);
    await expect(saved).rejects.toMatchObject({ code: -32602, message: "invalid settings" });
    expect(service.settings()).toEqual({ greeting: "Hello" });
  });

  it("loads them again when events could not be resumed", async () => {
    const service = await loaded();
    transport.current.handlers.lost();
    TestBed.inject(BridgeService).reconnect();
    transport.hello("e2", 0, "new-run");
    const request = transport.current.sent[0];
    expect(request).toMatchObject({ method: "settings.get", params: {} });
    expect(service.settings()).toEqual({ greeting: "Hello" }); // until Python answers
    transport.answer(request?.id ?? -1, { greeting: "Changed meanwhile" });
    await settle();
    expect(service.settings()).toEqual({ greeting: "Changed meanwhile" });
  });

  it("tells why the settings could not be loaded, until they arrive", async () => {
    const service = TestBed.inject(SettingsService);
    const id = transport.current.sent[0]?.id ?? -1;
    const error = { code: -32603, message: "internal error" };
    transport.current.handlers.message({ jsonrpc: "2.0", id, error } as WireMessage);
    await settle();
    expect(service.settings()).toBeNull();
    expect(service.loadError()).toBeInstanceOf(BridgeError);
    expect(service.loadError()).toMatchObject({ code: -32603 });
    transport.event(1, { greeting: "Hi" }, "settings_changed");
    expect(service.settings()).toEqual({ greeting: "Hi" });
    expect(service.loadError()).toBeNull();
  });
});
