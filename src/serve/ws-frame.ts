/**
 * One unmasked, unfragmented WebSocket text frame (RFC 6455 §5.2) around UTF-8 bytes: a server's
 * frames are never masked, so the same frame bytes are valid on every connection and a tick's
 * events are framed once for all clients instead of once per client.
 */
export function wsTextFrame(payload: Buffer): Buffer {
  const n = payload.length;
  // Header: FIN + opcode 1 (text), then the length in 7 bits, or 126 + 16 bits, or 127 + 64 bits.
  const head = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + n);
  frame[0] = 0x81;
  if (head === 2) frame[1] = n;
  else if (head === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  payload.copy(frame, head);
  return frame;
}
