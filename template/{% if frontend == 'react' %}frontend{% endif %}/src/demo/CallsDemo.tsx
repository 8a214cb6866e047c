import { type FormEvent, useRef, useState } from "react";
import { useBridge } from "../bridge-react";
import { describeError, numberIn } from "./helpers";

/**
 * Many calls at once: made while offline they wait, in flight at a drop they
 * are sent again, and Python still counts each exactly once.
 */
export function CallsDemo({ onError }: { onError: (text: string) => void }) {
  const bridge = useBridge();
  const total = useRef<HTMLInputElement>(null);
  const [answered, setAnswered] = useState(0);
  const [failed, setFailed] = useState(0);
  const [highest, setHighest] = useState(0);

  const callMany = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const calls = numberIn(total);
    for (let i = 0; i < calls; i++) {
      bridge.call("increment", { by: 1 }, { timeoutMs: 120_000 }).then(
        (tally) => {
          setAnswered((n) => n + 1);
          setHighest((n) => Math.max(n, tally.count));
        },
        (error: unknown) => {
          setFailed((n) => n + 1);
          onError(describeError(error));
        },
      );
    }
  };

  return (
    <section className="demo">
      <h2>Calls across a dropped connection</h2>
      <form id="calls-form" onSubmit={callMany}>
        <input
          ref={total}
          id="calls-total"
          type="number"
          defaultValue="50"
          min="1"
          max="256"
          aria-label="how many calls"
        />{" "}
        <button id="calls" type="submit">
          Count in Python
        </button>
      </form>
      <p>
        {"answered: "}
        <output id="calls-answered">{answered}</output>
        {", failed: "}
        <output id="calls-failed">{failed}</output>
        {", Python's count: "}
        <output id="tally">{highest}</output>
      </p>
    </section>
  );
}
