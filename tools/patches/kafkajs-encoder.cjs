#!/usr/bin/env node
/**
 * Makes kafkajs 2.2.4's protocol encoder (src/protocol/encoder.js) stop allocating per field,
 * applied by tools/patches/apply.cjs after every npm install (postinstall) and in the Docker runtime
 * stage. The bytes it writes do not change: tools/patches/kafkajs-patches.spec.ts compares both
 * versions on the same values.
 *
 * kafkajs encodes every record of a produce request with its own Encoder. Per record that was a
 * zero-filled 512-byte Buffer of its own, and per variable-length integer (about ten per record:
 * lengths, deltas, header sizes) a JS array plus a Buffer made from it; every timestamp delta also
 * went through two or three 64-bit Long objects. In CPU profiles of the producers the Buffer
 * constructor alone was 6–8 % of samples, and the varint writers allocated 250 MB while word-count
 * drained 50,000 lines (docs/benchmarks.md). Now:
 * - encoders take their memory with Buffer.allocUnsafe (small ones from Node's buffer pool): an
 *   encoder only ever hands out the bytes it wrote (`buffer` is buf[0, offset), growth copies
 *   [0, offset)), so the unset bytes are never read;
 * - varints are written straight into the encoder's buffer;
 * - a varlong whose value is an integer of magnitude below 2^30 (every timestamp delta in practice)
 *   is zig-zag encoded with plain numbers; anything else takes kafkajs's Long code as before.
 * Every kafkajs client in this repository runs it, the benchmarks' raw kafkajs baselines included.
 * Plain CommonJS on purpose: it runs before anything is built.
 */
'use strict';
const { definePatch } = require('./kafkajs-patch.cjs');

const MARK = '/* kstream: allocation-free encoder (tools/patches/kafkajs-encoder.cjs) */';

/** |value| < 2^30 and an integer: its zig-zag code fits 31 bits, so 32-bit arithmetic is exact. */
const SMALL = `typeof value === 'number' && value > -0x40000000 && value < 0x40000000 && Math.floor(value) === value`;

const EDITS = [
  {
    original: `  static sizeOfVarLong(value) {
    let longValue = Encoder.encodeZigZag64(value)
`,
    fixed: `  static sizeOfVarLong(value) {
    ${MARK}
    if (${SMALL}) {
      let encodedValue = value >= 0 ? value * 2 : -value * 2 - 1
      let bytes = 1
      while ((encodedValue & UNSIGNED_INT32_MAX_NUMBER) !== 0) {
        bytes += 1
        encodedValue >>>= 7
      }
      return bytes
    }
    let longValue = Encoder.encodeZigZag64(value)
`,
  },
  {
    original: `    this.buf = Buffer.alloc(Encoder.nextPowerOfTwo(initialSize))
`,
    fixed: `    this.buf = Buffer.allocUnsafe(Encoder.nextPowerOfTwo(initialSize))
`,
  },
  {
    original: `      const newBuffer = Buffer.alloc(newLength)
`,
    fixed: `      const newBuffer = Buffer.allocUnsafe(newLength)
`,
  },
  {
    original: `  writeUVarInt(value) {
    const byteArray = []
    while ((value & UNSIGNED_INT32_MAX_NUMBER) !== 0) {
      byteArray.push((value & OTHER_BITS) | MOST_SIGNIFICANT_BIT)
      value >>>= 7
    }
    byteArray.push(value & OTHER_BITS)
    this.writeBufferInternal(Buffer.from(byteArray))
    return this
  }

  writeVarLong(value) {
`,
    fixed: `  writeUVarInt(value) {
    this.ensureAvailable(5)
    while ((value & UNSIGNED_INT32_MAX_NUMBER) !== 0) {
      this.buf[this.offset++] = (value & OTHER_BITS) | MOST_SIGNIFICANT_BIT
      value >>>= 7
    }
    this.buf[this.offset++] = value & OTHER_BITS
    return this
  }

  writeVarLong(value) {
    if (${SMALL}) {
      return this.writeUVarInt(value >= 0 ? value * 2 : -value * 2 - 1)
    }
`,
  },
];

definePatch(module, [
  {
    file: 'src/protocol/encoder.js',
    edits: EDITS,
    mark: MARK,
    done: 'encoder writes varints in place and takes pooled buffers',
    check: 'check whether the new version still allocates per varint',
  },
]);
