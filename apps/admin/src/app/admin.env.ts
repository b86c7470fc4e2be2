import { HttpEnv } from '@kstream/observability';

export class AdminEnv extends HttpEnv {
  override PORT = 3000;
}
