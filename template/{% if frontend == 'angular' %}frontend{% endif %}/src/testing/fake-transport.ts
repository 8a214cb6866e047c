/**
 * A transport the specs drive by hand (the pattern of ../bridge/client.test.ts):
 * it records what the client sends and lets a spec play Python's part.
 * Only the specs import it (tsconfig.app.json leaves src/testing/ out of the page).
 */
import type { BridgeOptions } from "../bridge/client";
import type { Link, LinkHandlers, Position, WireMessage, WireRequest } from "../bridge/wire";

interface FakeLink {
  handlers: LinkHandlers;
  position: Position;
  sent: WireRequest[];
  closed: boolean;
}

export class FakeTransport {
  readonly links: FakeLink[] = [];

  /** Options for BRIDGE_OPTIONS: this transport, and no page signals or jitter. */
  readonly options: BridgeOptions = {
    openLink: (handlers, position): Link => {
      const link: FakeLink = { handlers, position, sent: [], closed: false };
      this.links.push(link);
      return {
        send: (request) => link.sent.push(request),
        sendBinary: (request) => link.sent.push(request),
        close: () => (link.closed = true),
      };
    },
    reconnect: { random: () => 0.5, signals: null },
  };

  get current(): FakeLink {
    const link = this.links.at(-1);
    if (link === undefined) throw new Error("no link yet");
    return link;
  }

  /** Python's first message on a link: from then on the link is open. */
  hello(epoch = "e1", seq = 0): void {
    this.current.handlers.message({ method: "$/hello", params: { epoch, seq, reset: null } });
  }

  /** Answer the request with this id. */
  answer(id: number, result: unknown): void {
    this.current.handlers.message({ jsonrpc: "2.0", id, result } as WireMessage);
  }

  /** Push an event, as Python's bridge does. */
  event(method: string, seq: number, data: unknown): void {
    this.current.handlers.message({ method, params: { seq, data } });
  }
}
