// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
/**
 * The desktop around the page, typed: native dialogs, and links that open in
 * the user's browser. Each function is a `desktop.*` bridge call answered by
 * the Python main process (src/<package>/desktop/); its types come from the
 * same generated protocol as your own calls.
 *
 * Paths the user picks come back as strings: hand them to your own handlers
 * (Python reads only files the user chose, see desktop/chosen.py). In browser
 * and headless modes the native-only calls reject with a BridgeError whose
 * code is `DesktopErrorCode.unsupported`: test it with `isUnsupported` and
 * fall back to the web's own means (`<input type="file">`, a download link).
 */
import { BridgeError, type CallOptions, type MethodName, type Params, type Result } from "./client";
import type { ChosenFiles, ChosenPath, FileFilter } from "./protocol";

/** Codes of the desktop's own errors (src/<package>/desktop/errors.py). */
export const DesktopErrorCode = {
  /** The capability needs the native window; this launch has none. */
  unsupported: -32010,
  /** A path the user did not pick in a dialog was sent to Python. */
  notChosen: -32011,
} as const;

/** True when `error` says the capability needs a native window. */
export function isUnsupported(error: unknown): error is BridgeError {
  return error instanceof BridgeError && error.code === DesktopErrorCode.unsupported;
}

/** What the desktop needs of a client: `call` (a Bridge, Angular's BridgeService). */
export interface Caller {
  call<M extends MethodName>(method: M, params: Params<M>, options?: CallOptions): Promise<Result<M>>;
}

/** A dialog waits for the user, who may take their time. */
const DIALOG_TIMEOUT_MS = 60 * 60 * 1000;

export class Desktop {
  constructor(private readonly client: Caller) {}

  /** Ask for file(s) to open; `cancelled` with no paths if the user closed the dialog. */
  openFiles(options: { multiple?: boolean; filters?: FileFilter[] } = {}): Promise<ChosenFiles> {
    return this.client.call("desktop.open_files", options, { timeoutMs: DIALOG_TIMEOUT_MS });
  }

  /** Ask where to save, offering `suggestedName`; Python may then write there. */
  saveFile(suggestedName = ""): Promise<ChosenPath> {
    const params = { suggested_name: suggestedName };
    return this.client.call("desktop.save_file", params, { timeoutMs: DIALOG_TIMEOUT_MS });
  }

  /** Ask for a folder; the files in it become readable by Python. */
  chooseFolder(): Promise<ChosenPath> {
    return this.client.call("desktop.choose_folder", {}, { timeoutMs: DIALOG_TIMEOUT_MS });
  }

  /** An OK / Cancel question; true if the user said OK. */
  async confirm(title: string, message: string): Promise<boolean> {
    const params = { title, message };
    const answer = await this.client.call("desktop.confirm", params, { timeoutMs: DIALOG_TIMEOUT_MS });
    return answer.confirmed;
  }

  /** Tell the user something in a native message box; resolves when they close it. */
  async message(title: string, message: string): Promise<void> {
    await this.client.call("desktop.message", { title, message }, { timeoutMs: DIALOG_TIMEOUT_MS });
  }

  /**
   * A desktop notification, shown by Python (no window needed). Rejects with
   * `unsupported` when no notification service took it.
   */
  async notify(title: string, message = ""): Promise<void> {
    await this.client.call("desktop.notify", { title, message });
  }

  /**
   * Another native window on this same page, showing `view` (read it from
   * `?view=` in that window's URL). It is one more client of the bridge: it
   * calls Python and receives every event, like this one.
   */
  async openWindow(view: string, title = ""): Promise<void> {
    await this.client.call("desktop.open_window", { view, title });
  }

  /** Open an http(s) or mailto link in the user's browser, not in the app's window. */
  async openExternal(url: string): Promise<void> {
    await this.client.call("desktop.open_external", { url });
  }
}
