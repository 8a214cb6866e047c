// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
/**
 * Server-Sent Events read from a fetch() response: the data of each event, in
 * order. A page's EventSource cannot send headers, and the bridge wants its
 * session token in one (session.ts); fetch can. Event ids, retry times and
 * comments (the server's pings) are read past: the client resumes from its
 * own position (wire.ts), and its reconnector decides when to retry.
 */

const LINE_BREAK = /\r\n|\r|\n/;

export async function* eventData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const utf8 = new TextDecoder(); // keeps a character split across reads for the next
  let pending = ""; // text after the last whole line
  let data: string[] | null = null; // the data lines of the event being read
  try {
    for (;;) {
      const { value, done } = await reader.read();
      const text = pending + (done ? utf8.decode() : utf8.decode(value, { stream: true }));
      // A CR at the end may be the first half of a CRLF: wait for what follows.
      const whole = text.endsWith("\r") && !done ? text.length - 1 : text.length;
      const lines = text.slice(0, whole).split(LINE_BREAK);
      pending = (lines.pop() ?? "") + text.slice(whole);
      for (const line of lines) {
        if (line === "") {
          if (data !== null) yield data.join("\n");
          data = null;
        } else if (!line.startsWith(":")) {
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          if (field === "data") {
            const value = colon < 0 ? "" : line.slice(colon + 1);
            (data ??= []).push(value.startsWith(" ") ? value.slice(1) : value);
          }
        }
      }
      if (done) return; // an event the stream did not finish is dropped
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
}
