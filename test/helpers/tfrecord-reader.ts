/**
 * An independent TFRecord + tf.train.Example reader for tests — deliberately written
 * differently from src/export (bitwise CRC-32C with no table, a generic protobuf walker that
 * knows nothing of Example's layout beyond field numbers), so a shared bug cannot hide.
 */
function crc32cBitwise(bytes: Uint8Array): number {
  let crc = ~0 >>> 0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return ~crc >>> 0;
}

function unmask(masked: number): number {
  const rot = (masked - 0xa282ead8) >>> 0;
  return ((rot << 15) | (rot >>> 17)) >>> 0;
}

export function readTfRecords(buf: Uint8Array): Uint8Array[] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: Uint8Array[] = [];
  let p = 0;
  while (p < buf.length) {
    if (p + 12 > buf.length) throw new Error(`truncated header at ${p}`);
    const len = Number(dv.getBigUint64(p, true));
    if (unmask(dv.getUint32(p + 8, true)) !== crc32cBitwise(buf.subarray(p, p + 8))) throw new Error(`bad length CRC at ${p}`);
    const data = buf.subarray(p + 12, p + 12 + len);
    if (data.length !== len || p + 16 + len > buf.length) throw new Error(`truncated record at ${p}`);
    if (unmask(dv.getUint32(p + 12 + len, true)) !== crc32cBitwise(data)) throw new Error(`bad data CRC at ${p}`);
    out.push(data);
    p += 16 + len;
  }
  return out;
}

type Field = { no: number; wire: number; value: bigint | Uint8Array | number };

function fields(buf: Uint8Array): Field[] {
  const out: Field[] = [];
  let p = 0;
  const varint = (): bigint => {
    let r = 0n;
    let shift = 0n;
    for (;;) {
      const b = buf[p++];
      r |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return r;
      shift += 7n;
    }
  };
  while (p < buf.length) {
    const key = Number(varint());
    const no = key >> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ no, wire, value: varint() });
    else if (wire === 2) {
      const len = Number(varint());
      out.push({ no, wire, value: buf.subarray(p, p + len) });
      p += len;
    } else if (wire === 5) {
      out.push({ no, wire, value: new DataView(buf.buffer, buf.byteOffset + p, 4).getFloat32(0, true) });
      p += 4;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return out;
}

export type DecodedFeature = { bytes: string[] } | { floats: number[] } | { ints: bigint[] };

/** Example bytes → { featureName: values }. */
export function decodeExample(buf: Uint8Array): Record<string, DecodedFeature> {
  const dec = new TextDecoder();
  const result: Record<string, DecodedFeature> = {};
  const [features] = fields(buf).filter((f) => f.no === 1);
  for (const entry of fields(features.value as Uint8Array)) {
    const kv = fields(entry.value as Uint8Array);
    const name = dec.decode(kv.find((f) => f.no === 1)!.value as Uint8Array);
    const feature = fields(kv.find((f) => f.no === 2)!.value as Uint8Array)[0];
    const list = fields(feature.value as Uint8Array);
    if (feature.no === 1) result[name] = { bytes: list.map((f) => dec.decode(f.value as Uint8Array)) };
    else if (feature.no === 2) {
      const floats: number[] = [];
      for (const f of list) {
        if (f.wire === 5) floats.push(f.value as number);
        else {
          const b = f.value as Uint8Array;
          for (let i = 0; i < b.length; i += 4) floats.push(new DataView(b.buffer, b.byteOffset + i, 4).getFloat32(0, true));
        }
      }
      result[name] = { floats };
    } else {
      const ints: bigint[] = [];
      for (const f of list) {
        if (f.wire === 0) ints.push(BigInt.asIntN(64, f.value as bigint));
        else {
          // packed: re-walk the bytes as consecutive varints
          const b = f.value as Uint8Array;
          let p = 0;
          while (p < b.length) {
            let r = 0n;
            let s = 0n;
            for (;;) {
              const x = b[p++];
              r |= BigInt(x & 0x7f) << s;
              if (!(x & 0x80)) break;
              s += 7n;
            }
            ints.push(BigInt.asIntN(64, r));
          }
        }
      }
      result[name] = { ints };
    }
  }
  return result;
}
