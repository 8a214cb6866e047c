// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
/**
 * The page's credential for the bridge. Never a cookie: a browser sends a
 * cookie for 127.0.0.1 to every server on 127.0.0.1, whatever its port, so
 * every other local server the page visited would receive it.
 *
 * The app opens the page at `#launch=CODE`, a fragment, which no server ever
 * receives. The page trades that one-time code for the session token (POST
 * /bridge/session), takes the code out of the address bar, and keeps the token
 * in sessionStorage (this origin and tab only, so reloads keep it). The links
 * send the token with every bridge request. With the app's secret off there is
 * no code and no token.
 */

export const SESSION_PATH = "/bridge/session";
const LAUNCH_FRAGMENT = /^#launch=([A-Za-z0-9_-]{16,128})$/;
const STORAGE_KEY = "bridge.session";
/** The launch code in this page's URL was refused (used already, or stale). */
let codeRefused = false;

/** The session token, or null: the app has no secret, or this page was not let in. */
export type Token = string | null;

/** What establishing a session touches (the page's own, unless a test gives others). */
export interface SessionEnvironment {
  location: Pick<Location, "hash" | "pathname" | "search">;
  history: Pick<History, "replaceState" | "state">;
  storage: Pick<Storage, "getItem" | "setItem"> | null;
  fetch: typeof fetch;
}

/** Trade the launch code in the URL, if any, for the token; else the token kept
 * from before this reload. Never rejects. */
export async function establishSession(env: SessionEnvironment): Promise<Token> {
  const code = LAUNCH_FRAGMENT.exec(env.location.hash)?.[1];
  if (code === undefined) return kept(env);
  // The code works once: out of the address bar and the history at once.
  env.history.replaceState(env.history.state, "", env.location.pathname + env.location.search);
  try {
    const response = await env.fetch(SESSION_PATH, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code }),
      credentials: "omit",
      cache: "no-store",
    });
    if (response.ok) {
      const { token } = (await response.json()) as { token: string };
      keep(env, token);
      return token;
    }
    codeRefused = true;
    console.warn(`the launch code was refused (${response.status}): it works once`);
  } catch (error) {
    console.warn("could not trade the launch code for a session:", error);
  }
  return kept(env);
}

/** What this page's credential is, for telling why a connection fails (trouble.ts). */
export async function credentialFacts(): Promise<{ token: Token; codeRefused: boolean }> {
  return { token: await sessionToken(), codeRefused };
}

function kept(env: SessionEnvironment): Token {
  try {
    return env.storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null; // storage disabled: this page lives without it
  }
}

function keep(env: SessionEnvironment, token: string): void {
  try {
    env.storage?.setItem(STORAGE_KEY, token);
  } catch {
    // Storage disabled: the token lives as long as this page, not its reloads.
  }
}

let session: Promise<Token> | null = null;

/** This page's token, established once per page load. */
export function sessionToken(): Promise<Token> {
  session ??= establishSession({
    location: window.location,
    history: window.history,
    storage: sessionStorageOrNull(),
    fetch: (input, init) => window.fetch(input, init),
  });
  return session;
}

function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // some embedders forbid storage; reading it throws
  }
}
