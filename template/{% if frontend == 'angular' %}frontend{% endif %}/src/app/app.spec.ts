import { type ComponentFixture, TestBed } from "@angular/core/testing";
import { beforeEach, describe, expect, it } from "vitest";
import type { WireMessage } from "../bridge/wire";
import { App } from "./app";
import { PROJECT_NAME } from "./app-info";
import { BRIDGE_OPTIONS, BridgeService } from "./bridge.service";
import { DesktopErrorCode } from "./desktop.service";
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

  /** Let answered calls' promise chains run to the end, then the page update. */
  async function settle(fixture: ComponentFixture<App>): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
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

  it("shows the file picked in a native dialog, as Python read it", async () => {
    const fixture = TestBed.createComponent(App);
    const page = fixture.nativeElement as HTMLElement;
    TestBed.inject(BridgeService).connect();
    transport.hello();
    page.querySelector<HTMLButtonElement>("#open-file")?.click();
    const [dialog] = transport.current.sent;
    expect(dialog?.method).toBe("desktop.open_files");
    transport.answer(dialog?.id ?? -1, { cancelled: false, paths: ["/home/user/a.txt"] });
    await settle(fixture);
    const read = transport.current.sent[1];
    expect(read).toMatchObject({ method: "hash_chosen_file", params: { path: "/home/user/a.txt" } });
    transport.answer(read?.id ?? -1, { name: "a.txt", size: 3, sha256: "abc" });
    await settle(fixture);
    expect(text(page, "#open-result")).toBe("a.txt: 3 bytes, sha256 abc");
  });

  it("points to the file input when there is no native window", async () => {
    const fixture = TestBed.createComponent(App);
    const page = fixture.nativeElement as HTMLElement;
    TestBed.inject(BridgeService).connect();
    transport.hello();
    page.querySelector<HTMLButtonElement>("#open-file")?.click();
    const id = transport.current.sent[0]?.id ?? -1;
    const error = { code: DesktopErrorCode.unsupported, message: "a file dialog needs the native window" };
    transport.current.handlers.message({ jsonrpc: "2.0", id, error } as WireMessage);
    await settle(fixture);
    expect(text(page, "#open-result")).toBe("no native window: use Send to Python");
  });

  it("shows the arguments the app was launched again with", async () => {
    const fixture = TestBed.createComponent(App);
    const page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    expect(text(page, "#second-launch")).toBe("not yet");
    TestBed.inject(BridgeService).connect();
    transport.hello();
    transport.event(1, { args: ["/home/user/a.txt", "--new-window"], cwd: "/home/user" }, "second_launch");
    await fixture.whenStable();
    expect(text(page, "#second-launch")).toBe("/home/user/a.txt --new-window");
    transport.event(2, { args: [], cwd: "/" }, "second_launch");
    await fixture.whenStable();
    expect(text(page, "#second-launch")).toBe("(no arguments)");
  });

  it("shows what was chosen in the native window's menu", async () => {
    const fixture = TestBed.createComponent(App);
    const page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    expect(text(page, "#menu-result")).toBe("try File › Say hello (Ctrl+Shift+H)");
    TestBed.inject(BridgeService).connect();
    transport.hello();
    transport.event(1, { id: "say_hello" }, "menu_activated");
    await fixture.whenStable();
    expect(text(page, "#menu-result")).toBe("Hello from the menu");
    transport.event(2, { id: "copy" }, "menu_activated");
    await fixture.whenStable();
    expect(text(page, "#menu-result")).toBe("chose copy");
  });

  it("shows a desktop notification through Python", async () => {
    const fixture = TestBed.createComponent(App);
    const page = fixture.nativeElement as HTMLElement;
    TestBed.inject(BridgeService).connect();
    transport.hello();
    page.querySelector<HTMLButtonElement>("#notify")?.click();
    const [notify] = transport.current.sent;
    expect(notify).toMatchObject({
      method: "desktop.notify",
      params: { title: "Hello from the page", message: "Python showed this notification." },
    });
    transport.answer(notify?.id ?? -1, null);
    await settle(fixture);
    expect(text(page, "#notify-result")).toBe("shown");
  });

  it("says so when no notification service took it", async () => {
    const fixture = TestBed.createComponent(App);
    const page = fixture.nativeElement as HTMLElement;
    TestBed.inject(BridgeService).connect();
    transport.hello();
    page.querySelector<HTMLButtonElement>("#notify")?.click();
    const id = transport.current.sent[0]?.id ?? -1;
    const error = { code: DesktopErrorCode.unsupported, message: "no notification service" };
    transport.current.handlers.message({ jsonrpc: "2.0", id, error } as WireMessage);
    await settle(fixture);
    expect(text(page, "#notify-result")).toBe("no notification service here");
  });

  it("shows this window's view and opens another window through Python", async () => {
    const fixture = TestBed.createComponent(App);
    const page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    expect(text(page, "#window-view")).toBe("main");
    TestBed.inject(BridgeService).connect();
    transport.hello();
    page.querySelector<HTMLButtonElement>("#open-window")?.click();
    const [open] = transport.current.sent;
    expect(open).toMatchObject({
      method: "desktop.open_window",
      params: { view: "second", title: "Second window" },
    });
    transport.answer(open?.id ?? -1, null);
    await settle(fixture);
    expect(text(page, "#window-view")).toBe("main");
  });

  it("points to another tab when there is no native window", async () => {
    const fixture = TestBed.createComponent(App);
    const page = fixture.nativeElement as HTMLElement;
    TestBed.inject(BridgeService).connect();
    transport.hello();
    page.querySelector<HTMLButtonElement>("#open-window")?.click();
    const id = transport.current.sent[0]?.id ?? -1;
    const error = { code: DesktopErrorCode.unsupported, message: "another window needs the native window" };
    transport.current.handlers.message({ jsonrpc: "2.0", id, error } as WireMessage);
    await settle(fixture);
    expect(text(page, "#window-view")).toBe("no native window: open another tab");
  });

  it("shows the greeting kept in Python, and every change to it", async () => {
    TestBed.inject(BridgeService).connect();
    transport.hello();
    const fixture = TestBed.createComponent(App);
    const page = fixture.nativeElement as HTMLElement;
    const [load] = transport.current.sent;
    expect(load?.method).toBe("settings.get");
    transport.answer(load?.id ?? -1, { greeting: "Hello" });
    await settle(fixture);
    expect(text(page, "#greeting")).toBe("Hello");

    const input = page.querySelector<HTMLInputElement>("#greeting-input");
    if (input !== null) input.value = "Hi";
    page.querySelector<HTMLButtonElement>("#save-greeting")?.click();
    const save = transport.current.sent[1];
    expect(save).toMatchObject({ method: "settings.update", params: { greeting: "Hi" } });
    transport.event(1, { greeting: "Hi" }, "settings_changed");
    transport.answer(save?.id ?? -1, { greeting: "Hi" });
    await settle(fixture);
    expect(text(page, "#greeting")).toBe("Hi");

    // Another window changed it.
    transport.event(2, { greeting: "Hey" }, "settings_changed");
    await fixture.whenStable();
    expect(text(page, "#greeting")).toBe("Hey");
  });

  it("shows why a greeting was refused", async () => {
    TestBed.inject(BridgeService).connect();
    transport.hello();
    const fixture = TestBed.createComponent(App);
    const page = fixture.nativeElement as HTMLElement;
    transport.answer(transport.current.sent[0]?.id ?? -1, { greeting: "Hello" });
    page.querySelector<HTMLButtonElement>("#save-greeting")?.click();
    expect(transport.current.sent).toHaveLength(1); // the input is required: nothing was sent
    const input = page.querySelector<HTMLInputElement>("#greeting-input");
    if (input !== null) input.value = " ";
    page.querySelector<HTMLButtonElement>("#save-greeting")?.click();
    const id = transport.current.sent[1]?.id ?? -1;
    const error = { code: -32602, message: "invalid settings" };
    transport.current.handlers.message({ jsonrpc: "2.0", id, error } as WireMessage);
    await settle(fixture);
    expect(text(page, "#greeting")).toBe("error -32602: invalid settings");
  });
});
