import type { PipeTransform } from '@nestjs/common';
import type { Decoded, RawRecord } from '@kstream/contracts-core';
import { DeadLetterError, type InputRecord } from '@kstream/kafka';

/**
 * `@Payload(new DecodePipe(decodeTextLine))`: the record decoded by a topic contract's decoder, or a
 * dead letter carrying the contract's reason and message (the field at fault) when it does not decode.
 */
export class DecodePipe<T> implements PipeTransform<InputRecord, T> {
  constructor(private readonly decode: (record: RawRecord) => Decoded<T>) {}

  transform(record: InputRecord): T {
    const decoded = this.decode(record);
    if (!decoded.ok) throw new DeadLetterError(decoded.violation.reason, decoded.violation.message);
    return decoded.value;
  }
}
