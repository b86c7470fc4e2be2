import { gzipSync } from 'node:zlib';

/**
 * Outputs larger than this (key, value and headers) are sent alone and gzip-compressed: it is
 * below the broker's default message.max.bytes (1 MiB + 12) with room for headers.
 */
export const COMPRESS_OVER_BYTES = 900_000;

/** The broker's default message.max.bytes, less room for the batch header, the record's framing and headers. */
const MAX_COMPRESSED_BYTES = 1_048_588 - 4096;

/**
 * Whether an output fits in what the broker accepts, as the engine sends it: as it is when small,
 * gzip-compressed when large. A task asks before it changes its state, so a result too large to be
 * stored (a 1 MiB line of control characters is 5 MiB of JSON) becomes a dead letter instead of
 * failing its transaction on every retry and stopping the partition.
 */
export function fitsOneRecord(key: Buffer | string | null, value: Buffer | string): boolean {
  if (Buffer.byteLength(key ?? '') + Buffer.byteLength(value) <= COMPRESS_OVER_BYTES) return true;
  return gzipSync(Buffer.concat([Buffer.from(key ?? ''), Buffer.from(value)])).length <= MAX_COMPRESSED_BYTES;
}
