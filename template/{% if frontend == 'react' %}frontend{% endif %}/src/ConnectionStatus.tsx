import { transport } from "./app-info";
import type { ConnectionState } from "./bridge/client";
import { useConnectionState, useConnectionTrouble } from "./bridge-react";

const LABELS: Record<ConnectionState, string> = {
  connecting: "Connecting",
  open: "Connected",
  reconnecting: "Reconnecting",
  closed: "Not connected",
};

/** The connection's state: text for people, data-state for styles and tests. */
export function ConnectionStatus() {
  const state = useConnectionState();
  const trouble = useConnectionTrouble();
  return (
    <section className="connection" aria-live="polite">
      <h2>Connection</h2>
      <p id="connection-status" data-transport={transport} data-state={state}>
        {`${LABELS[state]} (${transport})`}
      </p>
      <p id="connection-advice" role="alert" data-trouble={trouble?.kind ?? ""} hidden={trouble === null}>
        {trouble?.advice ?? ""}
      </p>
    </section>
  );
}
