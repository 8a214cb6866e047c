import { type FormEvent, useRef, useState } from "react";
import { useBridge, useEvent, useReset } from "../bridge-react";
import { describeError, numberIn } from "./helpers";

interface Received {
  count: number;
  lastSeq: number;
  current: number;
  total: number;
}

/** Pushed events: count them and check their sequence numbers are consecutive. */
export function EventsDemo({ onError }: { onError: (text: string) => void }) {
  const bridge = useBridge();
  const total = useRef<HTMLInputElement>(null);
  const interval = useRef<HTMLInputElement>(null);
  // Per-event bookkeeping lives in a ref (no render needed to read it); each
  // event then sets one state object, and React batches what arrives together.
  const tally = useRef({ count: 0, previousSeq: null as number | null, resets: 0 });
  const [received, setReceived] = useState<Received>({ count: 0, lastSeq: 0, current: 0, total: 1 });
  const [inOrder, setInOrder] = useState("yes");
  const [resets, setResets] = useState("0");

  useEvent("progress", (progress, seq) => {
    const seen = tally.current;
    seen.count += 1;
    if (seen.previousSeq !== null && seq !== seen.previousSeq + 1) {
      setInOrder(`no (${seen.previousSeq} then ${seq})`);
    }
    seen.previousSeq = seq;
    setReceived({ count: seen.count, lastSeq: seq, current: progress.current, total: progress.total });
  });

  // Events could not be resumed (the app restarted, or too many were missed):
  // a real app reloads its state here; the demo starts its order check afresh.
  useReset((reason) => {
    const seen = tally.current;
    seen.resets += 1;
    seen.previousSeq = null;
    setResets(`${seen.resets} (${reason})`);
  });

  const count = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const params = { total: numberIn(total), interval_ms: numberIn(interval) };
    bridge
      .call("count_to", params, { timeoutMs: 600_000 })
      .catch((error: unknown) => onError(describeError(error)));
  };

  return (
    <section className="demo">
      <h2>Pushed events</h2>
      <form id="count-form" onSubmit={count}>
        <input
          ref={total}
          id="count-total"
          type="number"
          defaultValue="200"
          min="1"
          max="100000"
          aria-label="how many"
        />
        {" events, "}
        <input
          ref={interval}
          id="count-interval"
          type="number"
          defaultValue="0"
          min="0"
          max="10000"
          aria-label="ms between events"
        />
        {" ms apart "}
        <button id="count" type="submit">
          Count
        </button>
      </form>
      <progress id="progress" value={received.current} max={received.total} />
      <p>
        {"events received: "}
        <output id="event-count">{received.count}</output>
        {", in order: "}
        <output id="events-in-order">{inOrder}</output>
        {", last seq: "}
        <output id="last-seq">{received.lastSeq}</output>
        {", resyncs: "}
        <output id="resets">{resets}</output>
      </p>
    </section>
  );
}
