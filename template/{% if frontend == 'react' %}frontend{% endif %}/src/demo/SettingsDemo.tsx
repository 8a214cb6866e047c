import { type FormEvent, useRef, useState } from "react";
import { useSettings } from "../bridge-react";
import { describeError } from "./helpers";

/**
 * Settings live in Python: the page's origin changes at every launch (a new
 * port), so localStorage would forget them. Every page hears each change.
 */
export function SettingsDemo() {
  const { settings, error, update } = useSettings();
  const input = useRef<HTMLInputElement>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // A failed save shows until the settings next change (as an event or a load).
  const [shownOver, setShownOver] = useState(settings);
  if (shownOver !== settings) {
    setShownOver(settings);
    setFailure(null);
  }

  const save = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    update({ greeting: input.current?.value ?? "" }).catch((failed: unknown) => {
      setFailure(describeError(failed));
    });
  };

  const loaded = settings?.greeting ?? (error === null ? "" : describeError(error));
  return (
    <section className="demo">
      <h2>Settings</h2>
      <form id="settings-form" onSubmit={save}>
        <input ref={input} id="greeting-input" maxLength={100} required aria-label="greeting" />{" "}
        <button id="save-greeting" type="submit">
          Save
        </button>
      </form>
      <p>
        {"Greeting, kept between launches: "}
        <output id="greeting">{failure ?? loaded}</output>
      </p>
    </section>
  );
}
