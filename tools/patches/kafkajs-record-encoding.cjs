#!/usr/bin/env node
/**
 * Makes kafkajs 2.2.4 encode a produced record without copies (src/protocol/recordBatch/record/v0
 * and src/protocol/requests/produce/v3/request.js, which produce versions 3–7 share), applied by
 * tools/patches/apply.cjs after every npm install (postinstall) and in the Docker runtime stage.
 * The bytes do not change: tools/patches/kafkajs-patches.spec.ts compares both versions.
 *
 * Per record kafkajs copied the whole message object (`{ ...message, offsetDelta, timestampDelta }`)
 * to pass five fields on, and encoded every header with an Encoder of its own, whose bytes were then
 * copied into the record's. After kafkajs-encoder.cjs, the line that does the copy was the hottest
 * of the producers' CPU profiles (13.8 % of samples, docs/benchmarks.md). Now the record gets the
 * five fields, its encoder is sized for the record, and headers are written into it directly.
 * Plain CommonJS on purpose: it runs before anything is built.
 */
'use strict';
const { definePatch } = require('./kafkajs-patch.cjs');

const MARK = '/* kstream: records encoded without copies (tools/patches/kafkajs-record-encoding.cjs) */';

definePatch(module, [
  {
    file: 'src/protocol/requests/produce/v3/request.js',
    edits: [
      {
        original: `  const records = messages.map((message, i) =>
    Record({
      ...message,
      offsetDelta: i,
`,
        fixed: `  ${MARK}
  // Record reads only these five fields: no copy of the whole message per record.
  const records = messages.map((message, i) =>
    Record({
      key: message.key,
      value: message.value,
      headers: message.headers,
      offsetDelta: i,
`,
      },
    ],
    mark: MARK,
    done: 'produce requests pass records on without copying them',
    check: 'check whether the new version still spreads every message',
  },
  {
    file: 'src/protocol/recordBatch/record/v0/index.js',
    edits: [
      {
        original: `  return new Encoder()
    .writeVarInt(sizeOfBody)
`,
        fixed: `  ${MARK}
  // One encoder sized for the record (the length varint takes at most 5 bytes); each header is
  // written into it as Header (v0) would encode it: varint-length key, varint-length value.
  const encoder = new Encoder(sizeOfBody + 5)
    .writeVarInt(sizeOfBody)
`,
      },
      {
        original: `    .writeVarIntArray(headersArray.map(Header))
}
`,
        fixed: `    .writeVarInt(headersArray.length)
  for (const header of headersArray) {
    encoder.writeVarIntString(header.key).writeVarIntBytes(header.value)
  }
  return encoder
}
`,
      },
    ],
    mark: MARK,
    done: 'records write their headers in place',
    check: 'check whether the new version still makes an encoder per header',
  },
]);
