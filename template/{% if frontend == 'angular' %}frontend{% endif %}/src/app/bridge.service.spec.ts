// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
import { TestBed } from "@angular/core/testing";
import { beforeEach, describe, expect, it } from "vitest";
import type { ResetReason } from "../bridge/client";
import { BRIDGE_OPTIONS, type BridgeEvent, BridgeService } from "./bridge.service";
import { FakeTransport } from "../testing/fake-transport";

// Typed with the bridge's own methods and events (desktop.*, second_launch),
// never the app's, so these tests hold whatever the app defines.
describe("BridgeService", () => {
  let transport: FakeTransport;
  let service: BridgeService;

  beforeEach(() => {
    transport = new FakeTransport();
    TestBed.configureTestingModule({
      providers: [{ provide: BRIDGE_OPTIONS, useValue: transport.options }],
    });
    service = TestBed.inject(BridgeService);
  });

  it("shows the link's state as a signal", () => {
    expect(service.state()).toBe("closed");
    service.connect();
    expect(service.state()).toBe("connecting");
    transport.hello();
    expect(service.state()).toBe("open");
  });

  it("delivers events with their seq to subscribers, until they unsubscribe", () => {
    service.connect();
    transport.hello("e1", 10);
    const seen: BridgeEvent<"second_launch">[] = [];
    const subscription = service.events("second_launch").subscribe((event) => seen.push(event));
    transport.event(11, { args: ["a.txt"], cwd: "/" }, "second_launch");
    subscription.unsubscribe();
    transport.event(12, { args: ["b.txt"], cwd: "/" }, "second_launch");
    expect(seen).toEqual([{ data: { args: ["a.txt"], cwd: "/" }, seq: 11 }]);
  });

  it("tells subscribers to resync when events cannot be resumed", () => {
    const resets: ResetReason[] = [];
    service.resets.subscribe((reason) => resets.push(reason));
    service.connect();
    transport.hello("e1", 5);
    transport.current.handlers.lost();
    service.reconnect();
    transport.current.handlers.message({
      method: "$/hello",
      params: { epoch: "e2", seq: 0, reset: "new-run" },
    });
    expect(resets).toEqual(["new-run"]);
  });

  it("resolves a typed call with Python's answer", async () => {
    service.connect();
    transport.hello();
    const answer = service.call("desktop.confirm", { title: "Sure?", message: "Really." });
    const request = transport.current.sent[0];
    expect(request).toMatchObject({ method: "desktop.confirm", params: { title: "Sure?" } });
    transport.answer(request?.id ?? -1, { confirmed: true });
    expect(await answer).toEqual({ confirmed: true });
  });

  it("closes the link when the app's injector is destroyed", async () => {
    service.connect();
    transport.hello();
    const pending = service.call("desktop.confirm", { title: "Sure?", message: "Really." });
    TestBed.resetTestingModule(); // destroys the injector, as destroying the app does
    expect(transport.current.closed).toBe(true);
    expect(service.state()).toBe("closed");
    await expect(pending).rejects.toMatchObject({ message: "the bridge was closed" });
  });
});
