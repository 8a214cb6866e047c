import { TestBed } from "@angular/core/testing";
import { beforeEach, describe, expect, it } from "vitest";
import type { ResetReason } from "../bridge/client";
import { BRIDGE_OPTIONS, type BridgeEvent, BridgeService } from "./bridge.service";
import { FakeTransport } from "../testing/fake-transport";

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
    const seen: BridgeEvent<"progress">[] = [];
    const subscription = service.events("progress").subscribe((event) => seen.push(event));
    transport.event(11, { current: 1, total: 2 }, "progress");
    subscription.unsubscribe();
    transport.event(12, { current: 2, total: 2 }, "progress");
    expect(seen).toEqual([{ data: { current: 1, total: 2 }, seq: 11 }]);
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
    const sum = service.call("add", { a: 2, b: 3 });
    const request = transport.current.sent[0];
    expect(request).toMatchObject({ method: "add", params: { a: 2, b: 3 } });
    transport.answer(request?.id ?? -1, { sum: 5 });
    expect(await sum).toEqual({ sum: 5 });
  });

  it("closes the link when the app's injector is destroyed", async () => {
    service.connect();
    transport.hello();
    const pending = service.call("add", { a: 1, b: 1 });
    TestBed.resetTestingModule(); // destroys the injector, as destroying the app does
    expect(transport.current.closed).toBe(true);
    expect(service.state()).toBe("closed");
    await expect(pending).rejects.toMatchObject({ message: "the bridge was closed" });
  });
});
