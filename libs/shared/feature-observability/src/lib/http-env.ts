import { Expose } from 'class-transformer';
import { IsInt, IsIP, Max, Min } from 'class-validator';
import { ToInt } from '@kstream/kafka';

/**
 * PORT and HOST of an app's HTTP server and the limits that keep slow or idle clients from holding
 * it (see `limitHttpServer`); each app subclasses it with its own default port.
 */
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

  /** A client must have sent a request's headers within this long of connecting (slowloris). Node's default: 60 s. */
  @Expose()
  @ToInt()
  @IsInt()
  @Min(100)
  @Max(600_000)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** A whole request, body included, within this long. Node's default: 300 s. */
  @Expose()
  @ToInt()
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  /** An idle keep-alive connection is closed after this long. Node's default: 5 s. */
  @Expose()
  @ToInt()
  @IsInt()
  @Min(100)
  @Max(600_000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 5_000;

  /** Connections open at once; beyond it new ones are closed on arrival. Node's default: no limit. */
  @Expose()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  HTTP_MAX_CONNECTIONS = 1_000;
}
