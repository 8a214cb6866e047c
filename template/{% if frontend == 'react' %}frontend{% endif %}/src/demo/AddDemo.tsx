import { type FormEvent, useRef, useState } from "react";
import { useBridge } from "../bridge-react";
import { describeError, numberIn } from "./helpers";

/** A typed call: the params and the result follow from the method name. */
export function AddDemo() {
  const bridge = useBridge();
  const a = useRef<HTMLInputElement>(null);
  const b = useRef<HTMLInputElement>(null);
  const [sum, setSum] = useState("");

  const add = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    bridge.call("add", { a: numberIn(a), b: numberIn(b) }).then(
      (result) => setSum(String(result.sum)),
      (error: unknown) => setSum(describeError(error)),
    );
  };

  return (
    <section className="demo">
      <h2>A typed call</h2>
      <form id="add-form" onSubmit={add}>
        <input ref={a} id="add-a" type="number" defaultValue="2" step="any" aria-label="a" />
        {" + "}
        <input ref={b} id="add-b" type="number" defaultValue="3" step="any" aria-label="b" />{" "}
        <button id="add" type="submit">
          =
        </button>{" "}
        <output id="sum" htmlFor="add-a add-b">
          {sum}
        </output>
      </form>
    </section>
  );
}
