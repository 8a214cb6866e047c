// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
/**
 * The desktop around the page (native dialogs, links opened in the user's
 * browser) as an Angular service: the shared, framework-free Desktop
 * (../bridge/desktop.ts) over the app's one BridgeService, so components
 * inject it and share the app's connection, and tests reach it through the
 * same BRIDGE_OPTIONS. Its methods are Desktop's, unchanged.
 */
import { Injectable, inject } from "@angular/core";
import { Desktop } from "../bridge/desktop";
import { BridgeService } from "./bridge.service";

/** Test a rejection with `isUnsupported`: no native window, use the web's own means. */
export { DesktopErrorCode, isUnsupported } from "../bridge/desktop";

@Injectable({ providedIn: "root" })
export class DesktopService extends Desktop {
  constructor() {
    super(inject(BridgeService));
  }
}
