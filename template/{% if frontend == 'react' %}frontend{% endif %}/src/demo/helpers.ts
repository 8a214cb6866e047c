import { BridgeError } from "../bridge/client";

/** A failed call as the page shows it: `error CODE: message` for a typed error. */
export function describeError(error: unknown): string {
  return error instanceof BridgeError ? `error ${error.code}: ${error.message}` : String(error);
}

/** The number typed in an input (NaN when empty or not rendered). */
export function numberIn(input: { current: HTMLInputElement | null }): number {
  return input.current?.valueAsNumber ?? Number.NaN;
}
