/**
 * A minimal protobuf encoder for tf.train.Example, from tensorflow/core/example/example.proto
 * and feature.proto:
 *   Example  { Features features = 1; }
 *   Features { map<string, Feature> feature = 1; }   // map entry: { string key = 1; Feature value = 2; }
 *   Feature  { oneof { BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3; } }
 *   BytesList { repeated bytes value = 1; }  FloatList { repeated float value = 1 [packed]; }
 *   Int64List { repeated int64 value = 1 [packed]; }
 * Wire format: tag = field << 3 | wire type (2 = length-delimited, 5 = 32-bit); lengths and
 * int64 values are base-128 varints (negative int64 as 10-byte two's complement).
 */
export type FeatureValue =
  | { readonly kind: 'bytes'; readonly value: Uint8Array | null }
  | { readonly kind: 'float'; readonly value: number | null }
  | { readonly kind: 'int64'; readonly value: number | null };

export class ProtoWriter {
  private buf = new Uint8Array(256);
  pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  reset(): void {
    this.pos = 0;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  varint(v: number): void {
    this.ensure(10);
    if (v >= 0) {
      while (v >= 128) {
        this.buf[this.pos++] = (v % 128) | 128;
        v = Math.floor(v / 128);
      }
      this.buf[this.pos++] = v;
      return;
    }
    let b = BigInt.asUintN(64, BigInt(v));
    while (b >= 128n) {
      this.buf[this.pos++] = Number(b & 127n) | 128;
      b >>= 7n;
    }
    this.buf[this.pos++] = Number(b);
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  float32(v: number): void {
    this.ensure(4);
    new DataView(this.buf.buffer, this.buf.byteOffset).setFloat32(this.pos, v, true);
    this.pos += 4;
  }
}

const LEN = 2;
const tag = (field: number, wire: number) => (field << 3) | wire;
function varintSize(v: number): number {
  if (v < 0) return 10;
  let n = 1;
  while (v >= 128) (v = Math.floor(v / 128)), n++;
  return n;
}

/** Bytes of the Feature message (without its own tag/length). */
function featureSize(f: FeatureValue): number {
  if (f.value === null) return 2; // an empty list: tag + zero length
  let inner: number;
  if (f.kind === 'bytes') inner = 1 + varintSize(f.value.length) + f.value.length;
  else if (f.kind === 'float') inner = 1 + 1 + 4; // packed: tag, length 4, one float
  else {
    const s = varintSize(f.value);
    inner = 1 + varintSize(s) + s;
  }
  return 1 + varintSize(inner) + inner;
}

function writeFeature(w: ProtoWriter, f: FeatureValue): void {
  const field = f.kind === 'bytes' ? 1 : f.kind === 'float' ? 2 : 3;
  w.varint(tag(field, LEN));
  if (f.value === null) return w.varint(0);
  if (f.kind === 'bytes') {
    const v = f.value;
    w.varint(1 + varintSize(v.length) + v.length);
    w.varint(tag(1, LEN));
    w.varint(v.length);
    w.raw(v);
  } else if (f.kind === 'float') {
    w.varint(6);
    w.varint(tag(1, LEN));
    w.varint(4);
    w.float32(f.value);
  } else {
    const s = varintSize(f.value);
    w.varint(1 + varintSize(s) + s);
    w.varint(tag(1, LEN));
    w.varint(s);
    w.varint(f.value);
  }
}

/** Encodes one Example; `keys` are the UTF-8 feature names, in column order. */
export function encodeExample(w: ProtoWriter, keys: readonly Uint8Array[], values: readonly FeatureValue[]): Uint8Array {
  let featuresSize = 0;
  const entrySizes = keys.map((k, i) => {
    const fs = featureSize(values[i]);
    const entry = 1 + varintSize(k.length) + k.length + 1 + varintSize(fs) + fs;
    featuresSize += 1 + varintSize(entry) + entry;
    return { entry, fs };
  });
  w.reset();
  w.varint(tag(1, LEN)); // Example.features
  w.varint(featuresSize);
  keys.forEach((k, i) => {
    w.varint(tag(1, LEN)); // Features.feature (map entry)
    w.varint(entrySizes[i].entry);
    w.varint(tag(1, LEN)); // key
    w.varint(k.length);
    w.raw(k);
    w.varint(tag(2, LEN)); // value
    w.varint(entrySizes[i].fs);
    writeFeature(w, values[i]);
  });
  return w.bytes();
}
