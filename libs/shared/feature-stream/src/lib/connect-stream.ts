import type { INestApplication, INestMicroservice } from '@nestjs/common';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { StreamExceptionFilter } from './stream-exception.filter';
import { StreamServer } from './stream-server';

/** The part of Nest's NestMicroservice that `INestMicroservice` does not declare. */
interface DeferredMicroservice extends INestMicroservice {
  setIsInitHookCalled(called: boolean): void;
}

/**
 * Connects the app's `StreamServer` provider as a microservice whose handlers end with the
 * transport's exception filter, so errors reach the engine as they were thrown.
 *
 * Nest creates a connected microservice's handlers at once, before a global filter could be added;
 * deferring that to `listen` lets the filter in. A deferred microservice would also run the app's
 * init and bootstrap hooks a second time, so it is told the app's own `init` runs them.
 */
export function connectStream(app: INestApplication, server: StreamServer = app.get(StreamServer)): INestMicroservice {
  const microservice = app.connectMicroservice<MicroserviceOptions>({ strategy: server }, { deferInitialization: true }) as DeferredMicroservice;
  microservice.useGlobalFilters(new StreamExceptionFilter());
  microservice.setIsInitHookCalled(true);
  return microservice;
}

/**
 * `connectStream`, then the app's init (its hooks), then the transport: joins the consumer group and
 * returns once the consumer runs. Call `app.listen` after it for HTTP; `app.close()` (or a signal,
 * with shutdown hooks enabled) stops the consumer and leaves the group.
 */
export async function startStream(app: INestApplication, server?: StreamServer): Promise<INestMicroservice> {
  const microservice = connectStream(app, server);
  await app.init();
  await app.startAllMicroservices();
  return microservice;
}
