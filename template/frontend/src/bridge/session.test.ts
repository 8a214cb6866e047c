// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
import { afterEach, describe, expect, it, vi } from "vitest";
import { establishSession, SESSION_PATH, type SessionEnvironment } from "./session";

const CODE = "c0de-c0de_c0de-c0de_c0de-c0de_c0de-c0de_c0d";

function environment(hash: string, answer: Response | Error, stored: string | null = null) {
  const saved = new Map<string, string>();
  if (stored !== null) saved.set("bridge.session", stored);
  const address = { hash, pathname: "/", search: "" };
  const env: SessionEnvironment = {
    location: address,
    history: {
      state: null,
      replaceState: vi.fn((_state: unknown, _unused: string, url?: string | URL | null) => {
        address.hash = new URL(String(url), "http://127.0.0.1/").hash;
      }),
    },
    storage: {
      getItem: (key) => saved.get(key) ?? null,
      setItem: (key, value) => void saved.set(key, value),
    },
    fetch: vi.fn(() => (answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer))),
  };
  return { env, saved, address };
}

const tokenAnswer = () => new Response(JSON.stringify({ token: "the-token" }), { status: 200 });

afterEach(() => vi.restoreAllMocks());

describe("establishSession", () => {
  it("trades the launch code for the token, keeps it, and takes the code out of the address bar", async () => {
    const { env, saved, address } = environment(`#launch=${CODE}`, tokenAnswer());
    expect(await establishSession(env)).toBe("the-token");
    expect(env.fetch).toHaveBeenCalledTimes(1);
    const [path, init] = vi.mocked(env.fetch).mock.calls[0] ?? [];
    expect(path).toBe(SESSION_PATH);
    expect(init).toMatchObject({ method: "POST", credentials: "omit", body: JSON.stringify({ code: CODE }) });
    expect(saved.get("bridge.session")).toBe("the-token");
    expect(address.hash).toBe("");
    // The code left the address bar before the request went out.
    expect(vi.mocked(env.history.replaceState).mock.invocationCallOrder[0]).toBeLessThan(
      vi.mocked(env.fetch).mock.invocationCallOrder[0] ?? 0,
    );
  });

  it("after a reload, uses the token kept for this tab and asks for nothing", async () => {
    const { env } = environment("", tokenAnswer(), "kept-token");
    expect(await establishSession(env)).toBe("kept-token");
    expect(env.fetch).not.toHaveBeenCalled();
  });

  it("has no token when the app runs without a secret", async () => {
    const { env } = environment("", tokenAnswer());
    expect(await establishSession(env)).toBeNull();
    expect(env.fetch).not.toHaveBeenCalled();
  });

  it("keeps the token it had when a used code is refused, and says why", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { env } = environment(`#launch=${CODE}`, new Response("used", { status: 403 }), "kept-token");
    expect(await establishSession(env)).toBe("kept-token");
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("403"));
  });

  it("never rejects: a failed request leaves the page without a token", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { env } = environment(`#launch=${CODE}`, new TypeError("Failed to fetch"));
    expect(await establishSession(env)).toBeNull();
  });

  it("lives without storage", async () => {
    const { env } = environment(`#launch=${CODE}`, tokenAnswer());
    const broken = () => {
      throw new DOMException("denied", "SecurityError");
    };
    const env2: SessionEnvironment = { ...env, storage: { getItem: broken, setItem: broken } };
    expect(await establishSession(env2)).toBe("the-token");
  });

  it("leaves other fragments alone", async () => {
    const { env, address } = environment("#section-2", tokenAnswer());
    expect(await establishSession(env)).toBeNull();
    expect(env.fetch).not.toHaveBeenCalled();
    expect(address.hash).toBe("#section-2");
  });
});
