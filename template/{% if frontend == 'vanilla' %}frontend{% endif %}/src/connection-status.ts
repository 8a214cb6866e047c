import type { ConnectionState, LinkTrouble } from "./bridge/client";

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

/** Say in `element` why the page cannot connect and what to do (hidden when all is well). */
export function showTrouble(element: HTMLElement, trouble: LinkTrouble | null): void {
  element.hidden = trouble === null;
  element.dataset["trouble"] = trouble?.kind ?? "";
  element.textContent = trouble?.advice ?? "";
}
