// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
/**
 * Binary messages, as bridge/framing.py reads and writes them:
 *
 *     [4 bytes: header length N, big-endian][N bytes: UTF-8 JSON header][payload]
 *
 * A WebSocket binary frame, or the body of POST /bridge/binary either way,
 * so a file never travels base64-inflated inside JSON.
 */

import type { WireMessage } from "./wire";

const PREFIX_BYTES = 4;

export interface Frame {
  header: WireMessage;
  payload: Uint8Array<ArrayBuffer>;
}

export function encodeFrame(header: object, payload: Uint8Array): Uint8Array<ArrayBuffer> {
  const encoded = new TextEncoder().encode(JSON.stringify(header));
  const frame = new Uint8Array(PREFIX_BYTES + encoded.length + payload.length);
  new DataView(frame.buffer).setUint32(0, encoded.length);
  frame.set(encoded, PREFIX_BYTES);
  frame.set(payload, PREFIX_BYTES + encoded.length);
  return frame;
}

/** Split a frame from the server; throws if it is not one. */
export function decodeFrame(buffer: ArrayBuffer): Frame {
  if (buffer.byteLength < PREFIX_BYTES) throw new Error("a binary message is shorter than 4 bytes");
  const length = new DataView(buffer).getUint32(0);
  if (PREFIX_BYTES + length > buffer.byteLength) {
    throw new Error("a binary message's header length is out of range");
  }
  const header = new TextDecoder().decode(new Uint8Array(buffer, PREFIX_BYTES, length));
  return {
    header: JSON.parse(header) as WireMessage,
    payload: new Uint8Array(buffer, PREFIX_BYTES + length),
  };
}
