import { MAX_ID_LENGTH } from '@kstream/contracts-core';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** JSON envelope of a `text-lines` record (header `content-type: application/json`). */
export class TextLineEnvelope {
  @IsString()
  @IsNotEmpty()
  text!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_ID_LENGTH)
  id?: string;
}

/** A text line as the consumers see it, whatever its wire format was. */
export interface TextLine {
  readonly text: string;
  /** The envelope's id, else the `id` header, else undefined (the consumer derives one). */
  readonly id?: string;
  readonly key?: string;
}
