import { Expose } from 'class-transformer';
import { IsInt, IsIP, Max, Min } from 'class-validator';
import { ToInt } from '@kstream/kafka';

/** PORT and HOST of an app's HTTP server; each app subclasses it with its own default port. */
export class HttpEnv {
  @Expose()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @Expose()
  @IsIP()
  HOST = '0.0.0.0';
}
