// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
import { type ReactNode, useLayoutEffect, useState } from "react";
import { Bridge, type BridgeOptions } from "../bridge/client";
import { BridgeContext } from "./context";

export interface BridgeProviderProps {
  children?: ReactNode;
  /** Options of the Bridge (tests give a fake transport). Read once, when the provider mounts. */
  options?: BridgeOptions;
}

/**
 * Owns one Bridge: connected while the provider is mounted, closed when it
 * unmounts; the components below reach it with useBridge() and the hooks.
 *
 * - It connects in a layout effect, which runs before every useEffect of the
 *   commit: a call a component makes when it mounts waits for the link
 *   instead of failing as "not connected".
 * - Never two live connections: one Bridge per provider, and a Bridge holds
 *   one link at most (it closes a link before opening the next).
 * - StrictMode's rehearsal (mount, unmount, mount again, all in one go) keeps
 *   the link it opened: see hold().
 */
export function BridgeProvider({ children, options }: BridgeProviderProps) {
  // Making a Bridge has no side effects (no connection yet), so render may.
  const [bridge] = useState(() => new Bridge(options));
  useLayoutEffect(() => hold(bridge), [bridge]);
  return <BridgeContext value={bridge}>{children}</BridgeContext>;
}

const holders = new WeakMap<Bridge, number>();

/**
 * Connect `bridge` while someone holds it. Letting go closes it a microtask
 * later unless it was held again meanwhile: an unmount closes the link right
 * after its commit, while StrictMode's unmount-and-remount keeps it (and its
 * pending calls) instead of closing it and opening another. (A provider
 * replaced by a new one in the same commit, e.g. on a new `key`, is a new
 * client: its link closes in that microtask, just after the new one opened.)
 */
function hold(bridge: Bridge): () => void {
  holders.set(bridge, (holders.get(bridge) ?? 0) + 1);
  bridge.connect();
  return () => {
    holders.set(bridge, (holders.get(bridge) ?? 1) - 1);
    queueMicrotask(() => {
      if (holders.get(bridge) === 0) bridge.close();
    });
  };
}
