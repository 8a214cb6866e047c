import { useBridge } from "../bridge-react";
import { describeError } from "./helpers";

/** A typed error: Python raised; the page gets a code, a message and an incident id. */
export function ErrorDemo({ error, onError }: { error: string; onError: (text: string) => void }) {
  const bridge = useBridge();
  const divideByZero = (): void => {
    bridge.call("divide", { a: 1, b: 0 }).then(
      (result) => onError(String(result.quotient)),
      (failure: unknown) => onError(describeError(failure)),
    );
  };
  return (
    <section className="demo">
      <h2>A typed error</h2>
      <button id="divide-by-zero" type="button" onClick={divideByZero}>
        1 ÷ 0
      </button>{" "}
      <output id="error">{error}</output>
    </section>
  );
}
