import { HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import type { KeyAnswer } from '@kstream/kafka';

/** Where an answer came from, for a client that wants to know which instance holds a key. */
export const SERVED_BY_HEADER = 'x-kstream-served-by';

interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

/**
 * The HTTP side of an interactive query: the local value (404 when the key's owner, this
 * instance, has never seen it), the owner's own answer relayed as it came, or 503 with
 * Retry-After while the key has no owner that can answer (rebalance, restore).
 */
export function keyAnswerBody<V>(answer: KeyAnswer<V>, res: HeaderSink, notFound: string): V | unknown {
  if (answer.partition !== undefined) res.setHeader('x-kstream-partition', String(answer.partition));
  switch (answer.kind) {
    case 'local':
      res.setHeader(SERVED_BY_HEADER, 'local');
      if (answer.value === undefined) throw new NotFoundException(notFound);
      return answer.value;
    case 'remote':
      res.setHeader(SERVED_BY_HEADER, answer.owner);
      if (answer.status >= 200 && answer.status < 300) return answer.body;
      throw new HttpException(answer.body ?? { statusCode: answer.status }, answer.status);
    case 'unavailable':
      res.setHeader('retry-after', '1');
      throw new ServiceUnavailableException(answer.reason);
  }
}
