import { useState } from "react";
import { appDescription, appName } from "./app-info";
import { BridgeProvider } from "./bridge-react";
import { AddDemo } from "./demo/AddDemo";
import { CallsDemo } from "./demo/CallsDemo";
import { ConnectionStatus } from "./demo/ConnectionStatus";
import { DesktopDemo } from "./demo/DesktopDemo";
import { ErrorDemo } from "./demo/ErrorDemo";
import { EventsDemo } from "./demo/EventsDemo";
import { FilesDemo } from "./demo/FilesDemo";
import { SettingsDemo } from "./demo/SettingsDemo";

export function App() {
  return (
    <main className="app">
      <h1 id="app-name">{appName}</h1>
      <p className="description">{appDescription}</p>
      <BridgeProvider>
        <Demo />
      </BridgeProvider>
    </main>
  );
}

function Demo() {
  // One place for errors: the typed-error demo, and failed counts and calls.
  const [error, setError] = useState("");
  return (
    <>
      <ConnectionStatus />
      <AddDemo />
      <EventsDemo onError={setError} />
      <CallsDemo onError={setError} />
      <FilesDemo />
      <DesktopDemo />
      <SettingsDemo />
      <ErrorDemo error={error} onError={setError} />
    </>
  );
}
