// The app's own Vite config plus the benchmark page as a second entry
// (written into the harness's rendered copy only).
import { mergeConfig } from "vite";
import app from "./vite.config";

export default mergeConfig(app, {
  build: { rollupOptions: { input: { main: "index.html", bench: "bench.html" } } },
});
