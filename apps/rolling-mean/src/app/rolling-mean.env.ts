import { Expose } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { DEFAULT_ROLLING_WINDOW, MAX_ROLLING_WINDOW } from '@kstream/contract-rolling-means';
import { CONSUMER_GROUPS } from '@kstream/contracts-core';
import { ToInt } from '@kstream/kafka';
import { StreamEnv } from '@kstream/observability';

/** rolling-mean's own settings, validated at start-up next to the Kafka ones. */
export class RollingMeanEnv extends StreamEnv {
  override PORT = 3003;

  /** How many values the mean covers. */
  @Expose()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(MAX_ROLLING_WINDOW)
  ROLLING_WINDOW = DEFAULT_ROLLING_WINDOW;

  /** Consumer group; overridable so tests and side-by-side runs keep apart. */
  @Expose()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, { message: 'ROLLING_MEAN_GROUP_ID may hold letters, digits, ".", "_" and "-"' })
  ROLLING_MEAN_GROUP_ID: string = CONSUMER_GROUPS.rollingMean;
}
