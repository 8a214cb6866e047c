import {
  useCallback,
  useContext,
  useEffect,
  useEffectEvent,
  useMemo,
  useSyncExternalStore,
} from "react";
import type {
  Bridge,
  ConnectionState,
  EventHandler,
  EventName,
  ResetReason,
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
