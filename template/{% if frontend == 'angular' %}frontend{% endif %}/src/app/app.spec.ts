import { TestBed } from "@angular/core/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "./app";
import { PROJECT_NAME } from "./app-info";
import { BRIDGE_OPTIONS, BridgeService } from "./bridge.service";
import { FakeTransport } from "../testing/fake-transport";
import { TRANSPORT } from "./transport";

describe("App", () => {
  let transport: FakeTransport;

  beforeEach(() => {
    transport = new FakeTransport();
    TestBed.configureTestingModule({
      imports: [App],
      providers: [{ provide: BRIDGE_OPTIONS, useValue: transport.options }],
    });
  });

  function text(page: HTMLElement, selector: string): string | null | undefined {
    return page.querySelector(selector)?.textContent;
  }

  it("shows the app's name and the connection as it changes", async () => {
    const fixture = TestBed.createComponent(App);
    const page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    expect(text(page, "#app-name")).toBe(PROJECT_NAME);
    const status = page.querySelector<HTMLElement>("#connection-status");
    expect(status?.dataset["transport"]).toBe(TRANSPORT);
    expect(status?.textContent).toBe(`Not connected (${TRANSPORT})`);

    TestBed.inject(BridgeService).connect();
    transport.hello();
    await fixture.whenStable();
    expect(status?.dataset["state"]).toBe("open");
    expect(status?.textContent).toBe(`Connected (${TRANSPORT})`);
  });

  it("shows pushed events and their order", async () => {
    const fixture = TestBed.createComponent(App);
    const page = fixture.nativeElement as HTMLElement;
    TestBed.inject(BridgeService).connect();
    transport.hello("e1", 0);
    [1, 2, 4].forEach((seq) => transport.event(seq, { current: seq, total: 4 }, "progress"));
    await fixture.whenStable();
    expect(text(page, "#event-count")).toBe("3");
    expect(text(page, "#last-seq")).toBe("4");
    expect(text(page, "#events-in-order")).toBe("no (2 then 4)");
  });
});
