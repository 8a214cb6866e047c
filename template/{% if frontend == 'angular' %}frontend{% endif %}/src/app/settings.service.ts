// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
/**
 * The app's settings as an Angular service. They live in Python, not in
 * localStorage: the page's origin (a new port at every launch) would forget
 * them. This thin adapter over BridgeService keeps the page's copy current:
 * it loads them (`settings.get`) when created, follows the `settings_changed`
 * event Python pushes to every page after each change (whoever made it), and
 * loads them again when events could not be resumed. Components read one
 * signal and send only the fields they change.
 *
 * The types follow the generated protocol, whatever the Python model holds.
 */
import { Injectable, type Signal, inject, signal } from "@angular/core";
import { takeUntilDestroyed } from "@angular/core/rxjs-interop";
import type { Params, Result } from "../bridge/client";
import { BridgeService } from "./bridge.service";

/** The whole settings, as Python keeps them. */
export type Settings = Result<"settings.get">;
/** Some fields to change; the others keep their values. */
export type SettingsPatch = Params<"settings.update">;

@Injectable({ providedIn: "root" })
export class SettingsService {
  readonly #bridge = inject(BridgeService);
  readonly #settings = signal<Settings | null>(null);
  readonly #loadError = signal<unknown>(null);

  /** The settings now: null until first loaded, then every change pushed by Python. */
  readonly settings: Signal<Settings | null> = this.#settings.asReadonly();

  /** What the last load failed with (a BridgeError), or null; cleared when settings arrive. */
  readonly loadError: Signal<unknown> = this.#loadError.asReadonly();

  constructor() {
    // The event carries the whole settings, so the page's copy is simply replaced.
    this.#bridge
      .events("settings_changed")
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => this.#loaded(data));
    // Changes made while events could not be resumed were missed: load them all again.
    this.#bridge.resets.pipe(takeUntilDestroyed()).subscribe(() => this.#load());
    // Created once the app has connected (app.config.ts connects before any component
    // exists): the call waits for the link if need be.
    this.#load();
  }

  /**
   * Change some settings; resolves with them all as saved, or rejects with a
   * BridgeError (Python refuses invalid values). `settings` follows with the
   * `settings_changed` event every page hears, in the order Python made the changes.
   */
  update(patch: SettingsPatch): Promise<Settings> {
    return this.#bridge.call("settings.update", patch);
  }

  #load(): void {
    this.#bridge.call("settings.get", {}).then(
      (settings) => this.#loaded(settings),
      (error: unknown) => this.#loadError.set(error),
    );
  }

  #loaded(settings: Settings): void {
    this.#settings.set(settings);
    this.#loadError.set(null);
  }
}
