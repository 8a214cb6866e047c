// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
import { describe, expect, it } from "vitest";
import { eventData } from "./event-stream";

const utf8 = new TextEncoder();

function body(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) {
        controller.enqueue(typeof chunk === "string" ? utf8.encode(chunk) : chunk);
      }
      controller.close();
    },
  });
}

async function read(chunks: (string | Uint8Array)[]): Promise<string[]> {
  const events: string[] = [];
  for await (const data of eventData(body(chunks))) events.push(data);
  return events;
}

describe("eventData", () => {
  it("yields each event's data and reads past ids, retry times and comments", async () => {
    const stream = 'retry: 1000\r\ndata: {"a":1}\r\n\r\n: ping\r\n\r\nid: 7\r\ndata: {"b":2}\r\n\r\n';
    expect(await read([stream])).toEqual(['{"a":1}', '{"b":2}']);
  });

  it("is not fooled by chunks that split lines, CRLFs or characters", async () => {
    const stream = utf8.encode('data: {"snow":"\u2603"}\r\n\r\ndata: two\r\n\r\n');
    const cuts = [1, 8, 16, 17, 18, 19, 20, 21, 22, 23, 30];
    const chunks = cuts.map((cut, i) => stream.slice(i === 0 ? 0 : cuts[i - 1], cut));
    chunks.push(stream.slice(cuts.at(-1)));
    expect(await read(chunks)).toEqual(['{"snow":"\u2603"}', "two"]);
  });

  it("joins an event's data lines and takes LF and CR line ends", async () => {
    expect(await read(["data: one\ndata:two\n\ndata: three\r\r"])).toEqual(["one\ntwo", "three"]);
  });

  it("drops an event the stream did not finish", async () => {
    expect(await read(["data: whole\n\ndata: cut short\n"])).toEqual(["whole"]);
  });
});
