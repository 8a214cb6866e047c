import { type FormEvent, useEffect, useRef, useState } from "react";
import type { Bytes } from "../bridge/client";
import { useBridge } from "../bridge-react";
import { describeError, numberIn } from "./helpers";

interface SavedFile {
  url: string;
  name: string;
}

/** Bytes both ways: a file to Python and back its hash; a file from Python, checked here. */
export function FilesDemo() {
  const bridge = useBridge();
  const file = useRef<HTMLInputElement>(null);
  const size = useRef<HTMLInputElement>(null);
  const [uploaded, setUploaded] = useState("");
  const [downloaded, setDownloaded] = useState("");
  const [check, setCheck] = useState("");
  const [saved, setSaved] = useState<SavedFile | null>(null);

  // The link to the last file received lives until the next one replaces it.
  useEffect(() => {
    if (saved === null) return undefined;
    return () => URL.revokeObjectURL(saved.url);
  }, [saved]);

  const upload = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const picked = file.current?.files?.[0];
    if (picked === undefined) return;
    setUploaded("sending...");
    bridge.upload("hash_file", { name: picked.name }, picked).then(
      (digest) => setUploaded(`${digest.name}: ${digest.size} bytes, sha256 ${digest.sha256}`),
      (error: unknown) => setUploaded(describeError(error)),
    );
  };

  // Python sends the file's SHA-256 along; the page hashes what arrived.
  const download = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    setDownloaded("receiving...");
    setCheck("");
    setSaved(null);
    bridge
      .download("make_file", { size: numberIn(size), seed: Date.now() % 1_000_000 })
      .then(async ({ result, data }) => {
        const sha256 = await sha256Hex(data);
        setDownloaded(`${result.name}: ${data.length} bytes, sha256 ${sha256}`);
        setCheck(sha256 === result.sha256 && data.length === result.size ? "intact" : "CORRUPT");
        setSaved({ url: URL.createObjectURL(new Blob([data])), name: result.name });
      })
      .catch((error: unknown) => setDownloaded(describeError(error)));
  };

  return (
    <section className="demo">
      <h2>Files</h2>
      <form id="upload-form" onSubmit={upload}>
        <input
          ref={file}
          id="upload-file"
          type="file"
          required
          aria-label="a file to send to Python"
        />{" "}
        <button id="upload" type="submit">
          Send to Python
        </button>
      </form>
      <p>
        {"Python read: "}
        <output id="upload-result">{uploaded}</output>
      </p>
      <form id="download-form" onSubmit={download}>
        <input
          ref={size}
          id="download-size"
          type="number"
          defaultValue="1048576"
          min="0"
          max="67108864"
          aria-label="bytes"
        />{" "}
        <button id="download" type="submit">
          Get a file from Python
        </button>
      </form>
      <p>
        {"received: "}
        <output id="download-result">{downloaded}</output>{" "}
        <output id="download-check">{check}</output>{" "}
        <a id="download-save" hidden={saved === null} href={saved?.url} download={saved?.name}>
          Save
        </a>
      </p>
    </section>
  );
}

async function sha256Hex(data: Bytes): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", data);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
