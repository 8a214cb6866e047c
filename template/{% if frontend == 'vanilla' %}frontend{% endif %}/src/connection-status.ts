import type { ConnectionState } from "./bridge/client";

const LABELS: Record<ConnectionState, string> = {
  connecting: "Connecting",
  open: "Connected",
  reconnecting: "Reconnecting",
  closed: "Not connected",
};

/** Show `state` in `element` (text for people, data-state for styles and tests). */
export function showConnectionState(element: HTMLElement, state: ConnectionState): void {
  const transport = element.dataset["transport"] ?? "bridge";
  element.dataset["state"] = state;
  element.textContent = `${LABELS[state]} (${transport})`;
}
