import { Expose } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CONSUMER_GROUPS, DEFAULT_ROLLING_WINDOW, MAX_ROLLING_WINDOW } from '@kstream/contracts';
import { ToInt } from '@kstream/kafka';
import { HttpEnv } from '@kstream/observability';

/** rolling-mean's own settings, validated at start-up next to the Kafka ones. */
export class RollingMeanEnv extends HttpEnv {
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

  /** When set, every topic name gets `-<suffix>` (isolated test runs against a shared broker). */
  @Expose()
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'TOPIC_SUFFIX may hold letters, digits, ".", "_" and "-"' })
  TOPIC_SUFFIX?: string;

  /** /health turns 503 when the consumer has not polled for this long. */
  @Expose()
  @ToInt()
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  HEALTH_POLL_STALE_MS = 60_000;
}
