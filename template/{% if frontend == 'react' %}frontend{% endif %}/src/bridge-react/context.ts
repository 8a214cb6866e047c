// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
import { createContext } from "react";
import type { Bridge } from "../bridge/client";

/** The provider's Bridge; null outside a <BridgeProvider>. */
export const BridgeContext = createContext<Bridge | null>(null);
