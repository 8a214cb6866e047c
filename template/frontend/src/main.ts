import "./style.css";
import { showConnectionState } from "./connection-status";

const status = document.querySelector<HTMLElement>("#connection-status");
if (status === null) {
  throw new Error("index.html lacks #connection-status");
}
// The bridge to Python is not wired in yet, so the honest state is "closed".
showConnectionState(status, "closed");
