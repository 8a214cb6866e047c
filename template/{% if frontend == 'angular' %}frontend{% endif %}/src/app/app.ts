/**
 * The demo page: a typed call, pushed events, calls across a dropped
 * connection, files both ways, a native dialog, a second launch's arguments,
 * the native menu's choices, a desktop notification, another window of this
 * page, settings kept in Python and a typed error, all through BridgeService (and DesktopService and
 * SettingsService, over it).
 * Element ids and texts match the other frontends' demos (the browser tests
 * drive every frontend with the same selectors).
 */
import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal, signal } from "@angular/core";
import { takeUntilDestroyed } from "@angular/core/rxjs-interop";
import { BridgeError, type Bytes, type ConnectionState } from "../bridge/client";
import { DESCRIPTION, PROJECT_NAME } from "./app-info";
import { BridgeService } from "./bridge.service";
import { DesktopService, isUnsupported } from "./desktop.service";
import { SettingsService } from "./settings.service";
import { TRANSPORT } from "./transport";

const LABELS: Record<ConnectionState, string> = {
  connecting: "Connecting",
  open: "Connected",
  reconnecting: "Reconnecting",
  closed: "Not connected",
};

/** A typed error as "error CODE: message"; anything else as it prints. */
function describe(error: unknown): string {
  return error instanceof BridgeError ? `error ${error.code}: ${error.message}` : String(error);
}

async function sha256Hex(data: Bytes): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", data);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

@Component({
  selector: "app-root",
  templateUrl: "./app.html",
  // No component styles: the page's CSP allows only stylesheets from the app
  // itself, so all styling lives in the global src/style.css.
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Keep the spaces between inline elements (input, button, output), so the
  // page lays out like the other frontends' plain HTML.
  preserveWhitespaces: true,
})
export class App {
  protected readonly bridge = inject(BridgeService);
  readonly #desktop = inject(DesktopService);
  readonly #settings = inject(SettingsService);
  protected readonly name = PROJECT_NAME;
  protected readonly description = DESCRIPTION;
  protected readonly transport = TRANSPORT;
  protected readonly status = computed(() => `${LABELS[this.bridge.state()]} (${TRANSPORT})`);

  protected readonly sum = signal("");

  protected readonly progress = signal({ current: 0, total: 1 });
  protected readonly received = signal(0);
  protected readonly inOrder = signal("yes");
  protected readonly lastSeq = signal(0);
  protected readonly resets = signal("0");
  /** The seq of the last event, to check they arrive consecutively; not shown. */
  #previousSeq: number | null = null;
  #resetCount = 0;

  protected readonly answered = signal(0);
  protected readonly failed = signal(0);
  protected readonly tally = signal(0);

  protected readonly uploaded = signal("");
  protected readonly downloaded = signal("");
  protected readonly downloadCheck = signal("");
  protected readonly savedFile = signal<{ url: string; name: string } | null>(null);

  protected readonly opened = signal("");
  protected readonly secondLaunch = signal("not yet");
  protected readonly menuResult = signal("try File › Say hello (Ctrl+Shift+H)");
  protected readonly notified = signal("");
  /** This window's view, from its URL (?view=): each native window of this page has one. */
  protected readonly windowView = signal(new URLSearchParams(window.location.search).get("view") ?? "main");

  /** The greeting as Python last sent it; a failed save shows here until the next change. */
  protected readonly greeting = linkedSignal(() => {
    const failure = this.#settings.loadError();
    return failure === null ? (this.#settings.settings()?.greeting ?? "") : describe(failure);
  });

  protected readonly error = signal("");

  constructor() {
    // Pushed events: count them and check their sequence numbers are consecutive.
    // takeUntilDestroyed unsubscribes (removes the handler) with the component.
    this.bridge
      .events("progress")
      .pipe(takeUntilDestroyed())
      .subscribe(({ data, seq }) => {
        const previous = this.#previousSeq;
        if (previous !== null && seq !== previous + 1) this.inOrder.set(`no (${previous} then ${seq})`);
        this.#previousSeq = seq;
        this.progress.set({ current: data.current, total: data.total });
        this.received.update((count) => count + 1);
        this.lastSeq.set(seq);
      });
    // Events could not be resumed (the app restarted, or too many were missed):
    // a real app reloads its state here; the demo starts its order check afresh.
    this.bridge.resets.pipe(takeUntilDestroyed()).subscribe((reason) => {
      this.#resetCount += 1;
      this.#previousSeq = null;
      this.resets.set(`${this.#resetCount} (${reason})`);
    });
    // Launching the app again hands the new launch's arguments to this one
    // (files to open, say); the second launch starts nothing and exits.
    this.bridge
      .events("second_launch")
      .pipe(takeUntilDestroyed())
      .subscribe(({ data: { args } }) => {
        this.secondLaunch.set(args.length > 0 ? args.join(" ") : "(no arguments)");
      });
    // The native window's menu (declared in app.py): each choice arrives typed by
    // the menu's ids.
    this.bridge
      .events("menu_activated")
      .pipe(takeUntilDestroyed())
      .subscribe(({ data: { id } }) => {
        this.menuResult.set(id === "say_hello" ? "Hello from the menu" : `chose ${id}`);
      });
  }

  /** A typed call: the params and the result follow from the method name. */
  protected add(a: number, b: number): void {
    this.bridge.call("add", { a, b }).then(
      (result) => this.sum.set(String(result.sum)),
      (error: unknown) => this.sum.set(describe(error)),
    );
  }

  protected count(total: number, interval_ms: number): void {
    this.bridge
      .call("count_to", { total, interval_ms }, { timeoutMs: 600_000 })
      .catch((error: unknown) => this.error.set(describe(error)));
  }

  /**
   * Many calls at once: made while offline they wait, in flight at a drop they
   * are sent again, and Python still counts each exactly once.
   */
  protected increment(total: number): void {
    for (let i = 0; i < total; i++) {
      this.bridge.call("increment", { by: 1 }, { timeoutMs: 120_000 }).then(
        (result) => {
          this.answered.update((count) => count + 1);
          this.tally.update((highest) => Math.max(highest, result.count));
        },
        (error: unknown) => {
          this.failed.update((count) => count + 1);
          this.error.set(describe(error));
        },
      );
    }
  }

  /** Bytes both ways: a file to Python, which answers with its size and SHA-256 ... */
  protected upload(file: File | undefined): void {
    if (file === undefined) return;
    this.uploaded.set("sending...");
    this.bridge.upload("hash_file", { name: file.name }, file).then(
      (digest) => this.uploaded.set(`${digest.name}: ${digest.size} bytes, sha256 ${digest.sha256}`),
      (error: unknown) => this.uploaded.set(describe(error)),
    );
  }

  /** ... and a file from Python, checked here against the hash Python sent with it. */
  protected download(size: number): void {
    this.downloaded.set("receiving...");
    this.downloadCheck.set("");
    this.#forgetSavedFile();
    this.bridge
      .download("make_file", { size, seed: Date.now() % 1_000_000 })
      .then(async ({ result, data }) => {
        const sha256 = await sha256Hex(data);
        this.downloaded.set(`${result.name}: ${data.length} bytes, sha256 ${sha256}`);
        const intact = sha256 === result.sha256 && data.length === result.size;
        this.downloadCheck.set(intact ? "intact" : "CORRUPT");
        this.savedFile.set({ url: URL.createObjectURL(new Blob([data])), name: result.name });
      })
      .catch((error: unknown) => this.downloaded.set(describe(error)));
  }

  /**
   * A native dialog: the user picks a file, and Python (which may read only
   * what the user picked) answers with its size and hash.
   */
  protected openFile(): void {
    this.#desktop
      .openFiles()
      .then(async ({ cancelled, paths }) => {
        const [path] = paths;
        if (cancelled || path === undefined) {
          this.opened.set("cancelled");
          return;
        }
        const digest = await this.bridge.call("hash_chosen_file", { path });
        this.opened.set(`${digest.name}: ${digest.size} bytes, sha256 ${digest.sha256}`);
      })
      .catch((error: unknown) => {
        // Browser and headless modes have no native dialog: the file input above works there.
        this.opened.set(isUnsupported(error) ? "no native window: use Send to Python" : describe(error));
      });
  }

  /** A desktop notification, shown by Python; some desktops have no service to show it. */
  protected notify(): void {
    this.#desktop.notify("Hello from the page", "Python showed this notification.").then(
      () => this.notified.set("shown"),
      (error: unknown) =>
        this.notified.set(isUnsupported(error) ? "no notification service here" : describe(error)),
    );
  }

  /**
   * More windows of this same page: each one is a client of the bridge and
   * receives every event. Browser and headless modes have no native window.
   */
  protected openWindow(): void {
    this.#desktop.openWindow("second", "Second window").catch((error: unknown) => {
      this.windowView.set(isUnsupported(error) ? "no native window: open another tab" : describe(error));
    });
  }

  /**
   * Settings live in Python: the page's origin changes at every launch (a new
   * port), so localStorage would forget them. Every page hears each change.
   */
  protected saveGreeting(greeting: string): void {
    this.#settings.update({ greeting }).catch((error: unknown) => this.greeting.set(describe(error)));
  }

  /** A typed error: Python raised; the page gets a code, a message and an incident id. */
  protected divideByZero(): void {
    this.bridge.call("divide", { a: 1, b: 0 }).then(
      (result) => this.error.set(String(result.quotient)),
      (error: unknown) => this.error.set(describe(error)),
    );
  }

  #forgetSavedFile(): void {
    const saved = this.savedFile();
    if (saved !== null) URL.revokeObjectURL(saved.url);
    this.savedFile.set(null);
  }
}
