// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
/** React bindings of the bridge: a provider that owns the connection, and hooks. */
export { BridgeProvider, type BridgeProviderProps } from "./BridgeProvider";
export {
  type LiveSettings,
  useBridge,
  useConnectionState,
  useConnectionTrouble,
  useDesktop,
  useEvent,
  useReset,
  useSettings,
} from "./hooks";
