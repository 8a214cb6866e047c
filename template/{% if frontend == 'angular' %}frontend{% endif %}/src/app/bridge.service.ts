// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
/**
 * The bridge to Python as an Angular service: a thin adapter over the shared,
 * framework-free client (../bridge/client.ts), which does the real work
 * (typed calls, reconnection, resumed events). Angular gets what it prefers:
 * the connection state as a signal, pushed events as Observables, and the
 * link's lifetime tied to the app's injector.
 */
import { DestroyRef, Injectable, InjectionToken, type Signal, inject, signal } from "@angular/core";
import { Observable } from "rxjs";
import {
  type BinaryInput,
  Bridge,
  type BridgeOptions,
  type CallOptions,
  type ConnectionState,
  type DownloadMethodName,
  type EventName,
  type LinkTrouble,
  type MethodName,
  type Params,
  type ResetReason,
  type Result,
  type UploadMethodName,
  type UploadOutcome,
  type WithBytes,
} from "../bridge/client";
import type { Events } from "../bridge/protocol";

/** Options for the client; tests provide a fake transport (`openLink`) here. */
export const BRIDGE_OPTIONS = new InjectionToken<BridgeOptions>("BRIDGE_OPTIONS");

/** One pushed event and its sequence number (consecutive within a run of the app). */
export interface BridgeEvent<E extends EventName> {
  data: Events[E];
  seq: number;
}

@Injectable({ providedIn: "root" })
export class BridgeService {
  readonly #bridge = new Bridge(inject(BRIDGE_OPTIONS, { optional: true }) ?? {});
  readonly #state = signal<ConnectionState>(this.#bridge.state);

  /** connecting -> open -> reconnecting -> open ... -> closed, for templates and computed(). */
  readonly state: Signal<ConnectionState> = this.#state.asReadonly();
  readonly #trouble = signal<LinkTrouble | null>(this.#bridge.trouble);

  /** Why the page cannot connect, with what to do; null while connected or trying. */
  readonly trouble: Signal<LinkTrouble | null> = this.#trouble.asReadonly();

  /**
   * Why events could not be resumed ("new-run": the app restarted; "gap": too
   * many were missed): the page should reload its state from Python.
   */
  readonly resets: Observable<ResetReason> = new Observable<ResetReason>((subscriber) =>
    this.#bridge.onReset((reason) => subscriber.next(reason)),
  );

  constructor() {
    const stopFollowingState = this.#bridge.onState((state) => this.#state.set(state));
    const stopFollowingTrouble = this.#bridge.onTrouble((trouble) => this.#trouble.set(trouble));
    // The service lives as long as its injector (the app's): when the app is
    // destroyed, so is the link, and pending calls reject.
    inject(DestroyRef).onDestroy(() => {
      this.#bridge.close();
      stopFollowingState();
      stopFollowingTrouble();
    });
  }

  /** Connect, and stay connected until the app is destroyed (app.config.ts calls it). */
  connect(): void {
    this.#bridge.connect();
  }

  /** Drop the link and connect again now (pending calls carry over). */
  reconnect(): void {
    this.#bridge.reconnect();
  }

  /**
   * Every `name` event Python pushes from the moment of subscribing: each
   * subscription registers a handler, and unsubscribing removes it.
   */
  events<E extends EventName>(name: E): Observable<BridgeEvent<E>> {
    return new Observable<BridgeEvent<E>>((subscriber) =>
      this.#bridge.on(name, (data, seq) => subscriber.next({ data, seq })),
    );
  }

  /** Call a Python handler; resolves with its typed result or rejects with a BridgeError. */
  call<M extends MethodName>(
    method: M,
    params: Params<M>,
    options?: CallOptions,
  ): Promise<Result<M>> {
    return this.#bridge.call(method, params, options);
  }

  /** Send bytes (a File, a Blob, a buffer) to a handler that takes `data: bytes`. */
  upload<M extends UploadMethodName>(
    method: M,
    params: Params<M>,
    data: BinaryInput,
    options?: CallOptions,
  ): Promise<UploadOutcome<M>> {
    return this.#bridge.upload(method, params, data, options);
  }

  /** Call a handler that answers with bytes (it returns `WithBytes(result, data)`). */
  download<M extends DownloadMethodName>(
    method: M,
    params: Params<M>,
    options?: CallOptions,
  ): Promise<WithBytes<Result<M>>> {
    return this.#bridge.download(method, params, options);
  }
}
