/* GENERATED from the Python models (protocol.py, app.py) by `python3 tasks.py types`.
 * Do not edit: change the models and regenerate; a test fails when this file is stale. */

export interface Protocol {
  events: Events;
  methods: Methods;
}
export interface Events {
  progress: Progress;
}
/**
 * Pushed while `count_to` runs.
 */
export interface Progress {
  current: number;
  total: number;
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
  divide: {
    params: DivideParams;
    result: DivideResult;
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
export interface DivideParams {
  a: number;
  b: number;
}
export interface DivideResult {
  quotient: number;
}
export interface FileName {
  name: string;
}
export interface FileDigest {
  name: string;
  sha256: string;
  size: number;
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
