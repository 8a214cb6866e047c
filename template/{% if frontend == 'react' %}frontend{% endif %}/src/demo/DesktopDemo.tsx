import { useState } from "react";
import { isUnsupported } from "../bridge/desktop";
import { useBridge, useDesktop, useEvent } from "../bridge-react";
import { describeError } from "./helpers";

/**
 * The desktop: in a native dialog the user picks a file, and Python (which may
 * read only what the user picked) answers with its size and hash. Links to
 * other sites leave the app's window for the user's browser. Launching the app
 * again hands the new launch's arguments to this one (files to open, say); the
 * second launch starts nothing and exits. The native window's menu (declared
 * in app.py) sends each choice, typed by the menu's ids. Python shows desktop
 * notifications (some desktops have no service to show them), and opens more
 * windows of this same page: each one is a client of the bridge and receives
 * every event, and its view comes from its URL (?view=).
 */
export function DesktopDemo() {
  const bridge = useBridge();
  const desktop = useDesktop();
  const [opened, setOpened] = useState("");
  const [secondLaunch, setSecondLaunch] = useState("not yet");
  const [menuResult, setMenuResult] = useState("try File › Say hello (Ctrl+Shift+H)");
  const [notified, setNotified] = useState("");
  const [windowView, setWindowView] = useState(
    () => new URLSearchParams(window.location.search).get("view") ?? "main",
  );

  useEvent("second_launch", ({ args }) => {
    setSecondLaunch(args.length > 0 ? args.join(" ") : "(no arguments)");
  });
  useEvent("menu_activated", ({ id }) => {
    setMenuResult(id === "say_hello" ? "Hello from the menu" : `chose ${id}`);
  });

  const openFile = (): void => {
    desktop
      .openFiles()
      .then(async ({ cancelled, paths }) => {
        const [path] = paths;
        if (cancelled || path === undefined) {
          setOpened("cancelled");
          return;
        }
        const digest = await bridge.call("hash_chosen_file", { path });
        setOpened(`${digest.name}: ${digest.size} bytes, sha256 ${digest.sha256}`);
      })
      .catch((error: unknown) => {
        // Browser and headless modes have no native dialog: the file input above works there.
        setOpened(isUnsupported(error) ? "no native window: use Send to Python" : describeError(error));
      });
  };

  const notify = (): void => {
    desktop.notify("Hello from the page", "Python showed this notification.").then(
      () => setNotified("shown"),
      (error: unknown) =>
        setNotified(isUnsupported(error) ? "no notification service here" : describeError(error)),
    );
  };

  const openWindow = (): void => {
    desktop.openWindow("second", "Second window").catch((error: unknown) => {
      // Browser and headless modes have no native window: another tab works there.
      setWindowView(isUnsupported(error) ? "no native window: open another tab" : describeError(error));
    });
  };

  return (
    <section className="demo">
      <h2>Desktop</h2>
      <p>
        <button id="open-file" type="button" onClick={openFile}>
          Open a file…
        </button>
        {" Python read: "}
        <output id="open-result">{opened}</output>
      </p>
      <p>
        {"Links to other sites open in your browser: "}
        <a id="external-link" href="https://github.com/r0x0r/pywebview">
          pywebview
        </a>
      </p>
      <p>
        {"Launched again with: "}
        <output id="second-launch">{secondLaunch}</output>
      </p>
      <p>
        {"Menu: "}
        <output id="menu-result">{menuResult}</output>
      </p>
      <p>
        <button id="notify" type="button" onClick={notify}>
          Notify
        </button>{" "}
        <output id="notify-result">{notified}</output>
      </p>
      <p>
        <button id="open-window" type="button" onClick={openWindow}>
          Open another window
        </button>
        {" This window shows the view "}
        <output id="window-view">{windowView}</output>
      </p>
    </section>
  );
}
