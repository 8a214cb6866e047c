// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
import { describe, expect, it, vi } from "vitest";
import { SESSION_PATH } from "./session";
import { diagnose, type LinkTrouble, trouble, TroubleWatch } from "./trouble";

function answering(answer: Response | Error) {
  return vi.fn<typeof fetch>(() =>
    answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer),
  );
}

describe("diagnose", () => {
  it("asks the app with the page's token", async () => {
    const fetch = answering(new Response(null, { status: 204 }));
    expect(await diagnose({ token: "t", codeRefused: false }, fetch)).toBeNull();
    const [path, init] = fetch.mock.calls[0] ?? [];
    expect(path).toBe(SESSION_PATH);
    expect(init?.headers).toEqual({ authorization: "Bearer t" });
  });

  it("tells no credential, a refused one and an app that is gone apart", async () => {
    const refused = () => answering(new Response(null, { status: 401 }));
    expect((await diagnose({ token: null, codeRefused: false }, refused()))?.kind).toBe(
      "no-credential",
    );
    expect((await diagnose({ token: null, codeRefused: true }, refused()))?.kind).toBe(
      "credential-refused",
    );
    expect((await diagnose({ token: "old", codeRefused: false }, refused()))?.kind).toBe(
      "credential-refused",
    );
    const gone = answering(new TypeError("Failed to fetch"));
    expect((await diagnose({ token: "t", codeRefused: false }, gone))?.kind).toBe(
      "app-unreachable",
    );
    const proxied = answering(new Response(null, { status: 502 }));
    expect((await diagnose({ token: "t", codeRefused: false }, proxied))?.kind).toBe(
      "app-unreachable",
    );
  });
});

describe("TroubleWatch", () => {
  it("reports what it found unless connected by then, and clears on connect", async () => {
    const seen: (LinkTrouble | null)[] = [];
    const watch = new TroubleWatch(() => Promise.resolve(trouble("no-credential")));
    watch.on((found) => seen.push(found));
    watch.failed(() => false);
    await vi.waitFor(() => expect(watch.current?.kind).toBe("no-credential"));
    watch.cleared();
    watch.failed(() => true); // connected before the answer came: nothing to show
    await Promise.resolve();
    await Promise.resolve();
    expect(watch.current).toBeNull();
    expect(seen.map((found) => found?.kind ?? null)).toEqual([null, "no-credential", null]);
  });

  it("asks one question at a time and survives a failing one", async () => {
    const ask = vi.fn(() => Promise.reject(new Error("no")));
    const watch = new TroubleWatch(ask);
    watch.failed(() => false);
    watch.failed(() => false);
    expect(ask).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(ask).toHaveBeenCalledTimes(1));
    expect(watch.current).toBeNull();
  });
});
