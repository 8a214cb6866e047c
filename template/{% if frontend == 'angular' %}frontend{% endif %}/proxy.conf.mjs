// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
// The dev server (`npm run dev`, i.e. `ng serve`) serves the page from source
// with hot reload and forwards the bridge (/bridge/...: HTTP, SSE and
// WebSocket) to the Python app at BRIDGE_BACKEND, e.g. http://127.0.0.1:54321.
// `python3 tasks.py dev` sets it. Host and Origin are forwarded unchanged
// (changeOrigin: false): the app checks both, and accepts the dev server's only
// in dev mode.
const target = process.env["BRIDGE_BACKEND"];

if (!target) {
  console.warn(
    "proxy.conf.mjs: BRIDGE_BACKEND is not set, so /bridge is not forwarded and the page " +
      "cannot reach Python. Start the app in dev mode instead (python3 tasks.py dev).",
  );
}

export default target
  ? {
      "/bridge": {
        target,
        ws: true,
        changeOrigin: false,
        secure: false,
      },
    }
  : {};
