import { Expose } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { DEFAULT_WORD_ALERT_THRESHOLD } from '@kstream/contract-word-counts';
import { CONSUMER_GROUPS } from '@kstream/contracts-core';
import { ToInt } from '@kstream/kafka';
import { StreamEnv } from '@kstream/observability';

/** word-count's own settings, validated at start-up next to the Kafka ones. */
export class WordCountEnv extends StreamEnv {
  override PORT = 3002;

  /** A line alerts when it has more words than this. */
  @Expose()
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  WORD_ALERT_THRESHOLD = DEFAULT_WORD_ALERT_THRESHOLD;

  /** Consumer group; overridable so tests and side-by-side runs keep apart. */
  @Expose()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, { message: 'WORD_COUNT_GROUP_ID may hold letters, digits, ".", "_" and "-"' })
  WORD_COUNT_GROUP_ID: string = CONSUMER_GROUPS.wordCount;

  /**
   * Test only (default 0): an asynchronous pause before each line, so the reliability suite can
   * run a handler slower than the consumer session timeout (docs/reliability.md).
   */
  @Expose()
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(120_000)
  WORD_COUNT_PROCESSING_DELAY_MS = 0;
}
