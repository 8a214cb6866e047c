// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
import { describe, expect, it } from "vitest";
import { parseMessages } from "./wire";

describe("parseMessages", () => {
  it("reads one message as a list of one", () => {
    const text = '{"jsonrpc":"2.0","id":1,"result":{"sum":3}}';
    expect(parseMessages(text)).toEqual([{ jsonrpc: "2.0", id: 1, result: { sum: 3 } }]);
  });

  it("reads a JSON-RPC batch as its messages, in order", () => {
    const event = (seq: number) => ({ jsonrpc: "2.0", method: "progress", params: { seq, data: {} } });
    const text = JSON.stringify([event(1), { jsonrpc: "2.0", id: 7, result: null }, event(2)]);
    expect(parseMessages(text)).toEqual([event(1), { jsonrpc: "2.0", id: 7, result: null }, event(2)]);
  });

  it("refuses text that is not JSON", () => {
    expect(() => parseMessages("not json")).toThrow(SyntaxError);
  });
});
