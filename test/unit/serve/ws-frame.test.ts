import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ws from 'ws';
import { wsTextFrame } from '../../../src/serve/ws-frame.js';

// ws's own framing (what ws.send writes for an unmasked text message), as the reference.
const Sender = (ws as unknown as { Sender: { frame(data: Buffer, o: object): Buffer[] } }).Sender;
const reference = (payload: Buffer) => Buffer.concat(Sender.frame(payload, { fin: true, opcode: 1, mask: false, readOnly: true, rsv1: false }));

test('wsTextFrame: the bytes ws.send writes, at every length form (7-bit, 16-bit, 64-bit)', () => {
  // Around each boundary: 125 | 126 (16-bit length from here) and 65535 | 65536 (64-bit from here).
  for (const n of [0, 1, 125, 126, 127, 65_535, 65_536, 70_000]) {
    const payload = Buffer.alloc(n, 'x');
    const frame = wsTextFrame(payload);
    assert.deepEqual(frame, reference(payload), `length ${n}`);
    assert.equal(frame.length - n, n < 126 ? 2 : n < 65_536 ? 4 : 10, `header of length ${n}`);
  }
});
