import { HttpEnv } from '@kstream/observability';

export class IngestEnv extends HttpEnv {
  override PORT = 3001;
}
