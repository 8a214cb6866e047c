/** React bindings of the bridge: a provider that owns the connection, and hooks. */
export { BridgeProvider, type BridgeProviderProps } from "./BridgeProvider";
export { useBridge, useConnectionState, useDesktop, useEvent, useReset } from "./hooks";
