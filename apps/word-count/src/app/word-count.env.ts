import { HttpEnv } from '@kstream/observability';

export class WordCountEnv extends HttpEnv {
  override PORT = 3002;
}
