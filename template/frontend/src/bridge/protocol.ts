/* GENERATED from the Python models (protocol.py, app.py) by `python3 tasks.py types`.
 * Do not edit: change the models and regenerate; a test fails when this file is stale. */

export interface Protocol {
  events: Events;
  methods: Methods;
}
export interface Events {
  menu_activated: MenuActivated;
  progress: Progress;
  second_launch: SecondLaunch;
  settings_changed: SettingsChanged;
}
/**
 * A menu item was chosen (pushed to every page).
 */
export interface MenuActivated {
  id: "copy" | "cut" | "paste" | "quit" | "redo" | "say_hello" | "select_all" | "undo";
}
/**
 * Pushed while `count_to` runs.
 */
export interface Progress {
  current: number;
  total: number;
}
/**
 * Pushed to every page when the app is launched again while it runs.
 */
export interface SecondLaunch {
  /**
   * the launch's arguments (files, URLs)
   *
   * @maxItems 1000
   */
  args: string[];
  /**
   * the folder relative paths in `args` start from
   */
  cwd: string;
}
export interface SettingsChanged {
  /**
   * shown on the page
   */
  greeting: string;
}
export interface Methods {
  add: {
    params: AddParams;
    result: AddResult;
  };
  count_to: {
    params: CountParams;
    result: CountResult;
  };
  "desktop.choose_folder": {
    params: ChooseFolderParams;
    result: ChosenPath;
  };
  "desktop.confirm": {
    params: ConfirmParams;
    result: Confirmation;
  };
  "desktop.message": {
    params: MessageParams;
    result: null;
  };
  "desktop.notify": {
    params: NotifyParams;
    result: null;
  };
  "desktop.open_external": {
    params: ExternalUrl;
    result: null;
  };
  "desktop.open_files": {
    params: OpenFilesParams;
    result: ChosenFiles;
  };
  "desktop.open_window": {
    params: OpenWindowParams;
    result: null;
  };
  "desktop.save_file": {
    params: SaveFileParams;
    result: ChosenPath;
  };
  divide: {
    params: DivideParams;
    result: DivideResult;
  };
  hash_chosen_file: {
    params: ChosenFile;
    result: FileDigest;
  };
  hash_file: {
    params: FileName;
    result: FileDigest;
    upload: true;
  };
  increment: {
    params: IncrementParams;
    result: Tally;
  };
  make_file: {
    download: true;
    params: MakeFileParams;
    result: FileDigest;
  };
  "settings.get": {
    params: SettingsQuery;
    result: Settings;
  };
  "settings.update": {
    params: SettingsPatch;
    result: Settings;
  };
}
export interface AddParams {
  a: number;
  b: number;
}
export interface AddResult {
  sum: number;
}
export interface CountParams {
  /**
   * pause between events
   */
  interval_ms?: number;
  /**
   * how many Progress events to emit
   */
  total: number;
}
export interface CountResult {
  emitted: number;
  last_seq: number;
}
export type ChooseFolderParams = Record<string, never>;
/**
 * The path the user picked, or `cancelled` and null.
 */
export interface ChosenPath {
  cancelled: boolean;
  path: string | null;
}
export interface ConfirmParams {
  message: string;
  title: string;
}
export interface Confirmation {
  confirmed: boolean;
}
export interface MessageParams {
  message: string;
  title: string;
}
export interface NotifyParams {
  message?: string;
  title: string;
}
export interface ExternalUrl {
  /**
   * http(s) or mailto
   */
  url: string;
}
export interface OpenFilesParams {
  /**
   * @maxItems 32
   */
  filters?: FileFilter[];
  /**
   * let the user pick more than one file
   */
  multiple?: boolean;
}
/**
 * A choice in the dialog's file type list: "Images" for ["*.png", "*.jpg"].
 */
export interface FileFilter {
  name: string;
  /**
   * @minItems 1
   * @maxItems 32
   */
  patterns: [string, ...string[]];
}
/**
 * What the user picked; `cancelled` with no paths when they closed the dialog.
 */
export interface ChosenFiles {
  cancelled: boolean;
  paths: string[];
}
export interface OpenWindowParams {
  /**
   * the window's title
   */
  title?: string;
  /**
   * what the page shows there (its ?view=)
   */
  view: string;
}
export interface SaveFileParams {
  /**
   * a file name, no folder
   */
  suggested_name?: string;
}
export interface DivideParams {
  a: number;
  b: number;
}
export interface DivideResult {
  quotient: number;
}
export interface ChosenFile {
  /**
   * a path from desktop.open_files
   */
  path: string;
}
export interface FileDigest {
  name: string;
  sha256: string;
  size: number;
}
export interface FileName {
  name: string;
}
export interface IncrementParams {
  /**
   * how much to add
   */
  by?: number;
}
export interface Tally {
  count: number;
}
export interface MakeFileParams {
  /**
   * the same seed gives the same bytes
   */
  seed?: number;
  /**
   * bytes to generate
   */
  size: number;
}
export type SettingsQuery = Record<string, never>;
/**
 * The app's settings: kept between launches in the user's config folder
 * (desktop/settings.py); every field needs a default.
 */
export interface Settings {
  /**
   * shown on the page
   */
  greeting: string;
}
export interface SettingsPatch {
  greeting?: string | null;
}
