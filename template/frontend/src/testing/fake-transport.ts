// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
/**
 * A transport tests drive by hand, shared by the client's tests and the
 * framework adapter's: it records what the client sends on each link and lets
 * a test play Python's part. Only tests import it (the page never does).
 */
import type { BridgeOptions, ResetReason } from "../bridge/client";
import type { Link, LinkHandlers, Position, WireMessage, WireRequest } from "../bridge/wire";

export interface FakeLink {
  handlers: LinkHandlers;
  position: Position;
  sent: WireRequest[];
  closed: boolean;
}

export class FakeTransport {
  readonly links: FakeLink[] = [];
  /** The most links live (opened and not closed) at one time. */
  mostLiveAtOnce = 0;

  readonly openLink = (handlers: LinkHandlers, position: Position): Link => {
    const link: FakeLink = { handlers, position, sent: [], closed: false };
    this.links.push(link);
    this.mostLiveAtOnce = Math.max(this.mostLiveAtOnce, this.live.length);
    return {
      send: (request) => link.sent.push(request),
      sendBinary: (request) => link.sent.push(request),
      close: () => (link.closed = true),
    };
  };

  /** Client options with this transport, no page signals and no jitter. */
  readonly options: BridgeOptions = {
    openLink: this.openLink,
    reconnect: { random: () => 0.5, signals: null },
  };

  get live(): FakeLink[] {
    return this.links.filter((link) => !link.closed);
  }

  get current(): FakeLink {
    const link = this.links.at(-1);
    if (link === undefined) throw new Error("no link yet");
    return link;
  }

  /** Python's first message on a link: from then on the link is open. */
  hello(epoch = "e1", seq = 0, reset: ResetReason | null = null): void {
    this.current.handlers.message({ method: "$/hello", params: { epoch, seq, reset } });
  }

  /** Answer the request with this id. */
  answer(id: number, result: unknown = { sum: id }): void {
    this.current.handlers.message({ jsonrpc: "2.0", id, result } as WireMessage);
  }

  /** Push an event, as Python's bridge does. */
  event(seq: number, data: unknown = { n: seq }, method = "some_event"): void {
    this.current.handlers.message({ method, params: { seq, data } });
  }

  /** The latest request for `method` on the current link (the page may have sent others first). */
  sentCall(method: string): WireRequest {
    const request = this.current.sent.filter((sent) => sent.method === method).at(-1);
    if (request === undefined) throw new Error(`no ${method} call was sent`);
    return request;
  }

    /** Every id the client has sent, over every link, in order. */
  get sentIds(): number[] {
    return this.links.flatMap((link) => link.sent.map((request) => request.id));
  }
}
