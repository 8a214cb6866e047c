import {
  type ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from "@angular/core";
import { BridgeService } from "./bridge.service";

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    // Signals drive change detection: no zone.js in the bundle.
    provideZonelessChangeDetection(),
    // Connect once, when the app starts; the service closes the link when the
    // app is destroyed. Components and tests only inject it.
    provideAppInitializer(() => inject(BridgeService).connect()),
  ],
};
