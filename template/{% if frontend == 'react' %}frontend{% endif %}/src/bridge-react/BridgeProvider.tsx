import { type ReactNode, useEffect, useState } from "react";
import { Bridge, type BridgeOptions } from "../bridge/client";
import { BridgeContext } from "./context";

export interface BridgeProviderProps {
  children?: ReactNode;
  /** Options of the Bridge (tests give a fake transport). Read once, when the provider mounts. */
  options?: BridgeOptions;
  /** Shown until the Bridge exists: the first render only (nothing by default). */
  fallback?: ReactNode;
}

/**
 * Connects to Python while it is mounted, and hands its Bridge to the
 * components below it (see useBridge and the other hooks).
 *
 * The Bridge is made and connected in an effect, and closed by its cleanup, so
 * a page never holds two live connections: StrictMode's rehearsal (mount,
 * unmount, mount again) closes the first Bridge before the second connects,
 * and components only ever see the second. They render once it is connecting,
 * so a call made in their own mount effects waits for the link instead of
 * failing as "not connected".
 */
export function BridgeProvider({ children, options, fallback = null }: BridgeProviderProps) {
  const [initialOptions] = useState(options);
  const [bridge, setBridge] = useState<Bridge | null>(null);

  useEffect(() => {
    const connected = new Bridge(initialOptions);
    connected.connect();
    setBridge(connected);
    return () => connected.close();
  }, [initialOptions]);

  if (bridge === null) return fallback;
  return <BridgeContext value={bridge}>{children}</BridgeContext>;
}
