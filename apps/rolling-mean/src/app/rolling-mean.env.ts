import { HttpEnv } from '@kstream/observability';

export class RollingMeanEnv extends HttpEnv {
  override PORT = 3003;
}
