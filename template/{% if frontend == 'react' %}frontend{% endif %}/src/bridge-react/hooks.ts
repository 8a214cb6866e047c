import { useCallback, useContext, useEffect, useEffectEvent, useSyncExternalStore } from "react";
import type {
  Bridge,
  ConnectionState,
  EventHandler,
  EventName,
  ResetReason,
} from "../bridge/client";
import { BridgeContext } from "./context";

/** The provider's Bridge: `call`, `upload` and `download`, typed by the protocol. */
export function useBridge(): Bridge {
  const bridge = useContext(BridgeContext);
  if (bridge === null) {
    throw new Error("useBridge() and the bridge hooks need a <BridgeProvider> around the component");
  }
  return bridge;
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
