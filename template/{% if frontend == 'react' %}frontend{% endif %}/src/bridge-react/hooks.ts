// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
import {
  useCallback,
  useContext,
  useEffect,
  useEffectEvent,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import type {
  Bridge,
  ConnectionState,
  EventHandler,
  EventName,
  LinkTrouble,
  Params,
  ResetReason,
  Result,
} from "../bridge/client";
import { Desktop } from "../bridge/desktop";
import { BridgeContext } from "./context";

/** The provider's Bridge: `call`, `upload` and `download`, typed by the protocol. */
export function useBridge(): Bridge {
  const bridge = useContext(BridgeContext);
  if (bridge === null) {
    throw new Error("useBridge() and the bridge hooks need a <BridgeProvider> around the component");
  }
  return bridge;
}

/**
 * The desktop around the page over the provider's Bridge: native dialogs and
 * links opened in the user's browser. One Desktop per Bridge, so it can sit in
 * an effect's or a callback's dependencies without re-running them. Without a
 * native window its calls reject: test the error with `isUnsupported` (bridge/desktop).
 */
export function useDesktop(): Desktop {
  const bridge = useBridge();
  // A Desktop holds nothing but the bridge: were React to drop the memo and
  // make another, the new one would do the same.
  return useMemo(() => new Desktop(bridge), [bridge]);
}

/** The connection's state ("connecting", "open", "reconnecting", "closed"); re-renders on change. */
export function useConnectionState(): ConnectionState {
  const bridge = useBridge();
  const subscribe = useCallback((changed: () => void) => bridge.onState(changed), [bridge]);
  return useSyncExternalStore(subscribe, () => bridge.state);
}

/** Why the page cannot connect, with what to do; null while connected or trying. */
export function useConnectionTrouble(): LinkTrouble | null {
  const bridge = useBridge();
  const subscribe = useCallback((changed: () => void) => bridge.onTrouble(changed), [bridge]);
  return useSyncExternalStore(subscribe, () => bridge.trouble);
}

/**
 * Handle every `event` Python pushes while the component is mounted. The
 * handler gets the event's data and its seq; the latest handler given is the
 * one called, without subscribing again on each render.
 */
export function useEvent<E extends EventName>(event: E, handler: EventHandler<E>): void {
  const bridge = useBridge();
  const handle = useEffectEvent(handler);
  useEffect(() => bridge.on(event, (data, seq) => handle(data, seq)), [bridge, event]);
}

/**
 * Hear when events could not be resumed ("new-run": the app restarted; "gap":
 * too many were missed) and the component must reload its state.
 */
export function useReset(handler: (reason: ResetReason) => void): void {
  const bridge = useBridge();
  const handle = useEffectEvent(handler);
  useEffect(() => bridge.onReset((reason) => handle(reason)), [bridge]);
}

/** The app's settings, as Python's settings store keeps them. */
type AppSettings = Result<"settings.get">;

/** What useSettings() gives: the settings as they stand, and a way to change them. */
export interface LiveSettings {
  /** The settings, kept current from every page's changes; null until the first load answers. */
  settings: AppSettings | null;
  /** Why the last load failed (a BridgeError, usually); null when it did not, or once settings arrive. */
  error: unknown;
  /**
   * Change the fields in `patch` (the others stay): resolves with all the
   * settings once Python has saved them, or rejects with a BridgeError. The
   * same function on every render, so effects and memos may depend on it.
   */
  update: (patch: Params<"settings.update">) => Promise<AppSettings>;
}

/**
 * The app's settings, kept in Python (the page's origin changes at every
 * launch, a new port, so localStorage would forget them): loaded on mount,
 * kept current by the `settings_changed` event Python pushes after each change
 * (whoever made it), and loaded again when events could not be resumed.
 */
export function useSettings(): LiveSettings {
  const bridge = useBridge();
  const [current, setCurrent] = useState<{ settings: AppSettings | null; error: unknown }>({
    settings: null,
    error: null,
  });
  // Bumped whenever settings arrive, and when the component lets go of them
  // (unmount, StrictMode's rehearsal, another bridge). An answer counts only if
  // nothing came since its request left: replies may cross events and each
  // other, and anything newer than what the page holds comes with its own event.
  const version = useRef(0);

  const receive = useCallback((settings: AppSettings): void => {
    version.current += 1;
    setCurrent({ settings, error: null });
  }, []);

  const load = useCallback((): void => {
    const asked = version.current;
    bridge.call("settings.get", {}).then(
      (settings) => {
        if (version.current === asked) receive(settings);
      },
      (error: unknown) => {
        if (version.current === asked) setCurrent((was) => ({ ...was, error }));
      },
    );
  }, [bridge, receive]);

  useEffect(() => {
    load();
    return () => {
      version.current += 1; // late answers to a component gone (or rehearsing) are dropped
    };
  }, [load]);
  useEvent("settings_changed", receive);
  useReset(() => load());

  const update = useCallback(
    (patch: Params<"settings.update">): Promise<AppSettings> => {
      const asked = version.current;
      return bridge.call("settings.update", patch).then((settings) => {
        if (version.current === asked) receive(settings); // else its event (or a newer one) brings it
        return settings;
      });
    },
    [bridge, receive],
  );

  return { settings: current.settings, error: current.error, update };
}
