// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
/**
 * Why the page cannot reach the app, in words its user can act on.
 *
 * A refused WebSocket handshake and an app that is not running look the same
 * to a page (the socket closes, code 1006), and so would retry forever without
 * a word. After a failed attempt the page asks `GET /bridge/session` with its
 * token: 204 means the token is good (the link failed for another reason), 401
 * that the app does not let this page in, and no answer (or, through the dev
 * server's proxy, 502-504) that the app is gone.
 */

import { SESSION_PATH, type Token } from "./session";

export type TroubleKind = "no-credential" | "credential-refused" | "app-unreachable";

export interface LinkTrouble {
  kind: TroubleKind;
  /** What to do, in plain words. */
  advice: string;
}

const ADVICE: Record<TroubleKind, string> = {
  "no-credential":
    "This page was opened without the app's launch link, so the app does not let it in. " +
    "Open the app from its window, or open the link on the first line the app printed.",
  "credential-refused":
    "The app refused this page's launch link: each link works once, and a restarted app " +
    "gives a new one. Open the app from its window, or the newest link the app printed.",
  "app-unreachable":
    "The app is not answering: it stopped, or is restarting. " +
    "This page reconnects by itself when the app is back.",
};

export function trouble(kind: TroubleKind): LinkTrouble {
  return { kind, advice: ADVICE[kind] };
}

/** What the page knows of its credential when a connection attempt fails. */
export interface CredentialFacts {
  token: Token;
  /** The launch code in this page's URL was refused (used already, or stale). */
  codeRefused: boolean;
}

/** Ask the app whether it would let this page in; null: it would (or it is not sure). */
export async function diagnose(
  facts: CredentialFacts,
  fetchImpl: typeof fetch,
): Promise<LinkTrouble | null> {
  let response: Response;
  try {
    response = await fetchImpl(SESSION_PATH, {
      method: "GET",
      headers: facts.token === null ? {} : { authorization: `Bearer ${facts.token}` },
      credentials: "omit",
      cache: "no-store",
    });
  } catch {
    return trouble("app-unreachable");
  }
  // In dev mode the page's dev server forwards /bridge and answers for an app that is down.
  if (response.status >= 502 && response.status <= 504) return trouble("app-unreachable");
  if (response.status !== 401) return null;
  if (facts.codeRefused) return trouble("credential-refused");
  return trouble(facts.token === null ? "no-credential" : "credential-refused");
}

/** The page's current trouble, asked for after each failed attempt, one question at a time. */
export class TroubleWatch {
  #trouble: LinkTrouble | null = null;
  #asking = false;
  readonly #handlers = new Set<(trouble: LinkTrouble | null) => void>();
  readonly #ask: () => Promise<LinkTrouble | null>;

  constructor(ask: () => Promise<LinkTrouble | null>) {
    this.#ask = ask;
  }

  get current(): LinkTrouble | null {
    return this.#trouble;
  }

  /** An attempt failed or the link dropped: find out why, unless `connected()` by then. */
  failed(connected: () => boolean): void {
    if (this.#asking) return;
    this.#asking = true;
    void this.#ask()
      .catch(() => null)
      .then((found) => {
        this.#asking = false;
        if (!connected()) this.#set(found);
      });
  }

  /** The link is open (or closed on purpose): no trouble to show. */
  cleared(): void {
    this.#set(null);
  }

  /** Follow the trouble (called at once with the current one). */
  on(handler: (trouble: LinkTrouble | null) => void): () => void {
    this.#handlers.add(handler);
    handler(this.#trouble);
    return () => this.#handlers.delete(handler);
  }

  #set(found: LinkTrouble | null): void {
    const same = found?.kind === this.#trouble?.kind;
    this.#trouble = found;
    if (!same) for (const handler of this.#handlers) handler(found);
  }
}
