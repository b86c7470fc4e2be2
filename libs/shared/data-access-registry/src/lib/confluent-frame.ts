/**
 * The Confluent wire format of a registry-encoded value: magic byte 0, the schema's id as a 4-byte
 * big-endian integer, then the encoded payload (Avro binary here). Kafka's own Avro serializers
 * (Confluent's, Apicurio's with their default id handler) write it.
 */
export const MAGIC_BYTE = 0;
export const FRAME_HEADER_BYTES = 5;

/** True when the value starts as a framed one does. A valid UTF-8 text or JSON value never starts with a NUL byte. */
export function looksFramed(value: Buffer | null): value is Buffer {
  return value !== null && value.length > 0 && value[0] === MAGIC_BYTE;
}

export type Unframed = { ok: true; schemaId: number; payload: Buffer } | { ok: false; problem: string };

export function unframe(value: Buffer): Unframed {
  if (value.length < FRAME_HEADER_BYTES) return { ok: false, problem: `a framed value has at least ${FRAME_HEADER_BYTES} bytes (magic byte and schema id); this one has ${value.length}` };
  if (value[0] !== MAGIC_BYTE) return { ok: false, problem: `a framed value starts with magic byte 0, not ${value[0]}` };
  return { ok: true, schemaId: value.readUInt32BE(1), payload: value.subarray(FRAME_HEADER_BYTES) };
}

export function frame(schemaId: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  header[0] = MAGIC_BYTE;
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, payload]);
}
