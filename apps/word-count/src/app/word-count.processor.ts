import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS } from '@kstream/contracts-core';
import type { InputRecord } from '@kstream/kafka';
import type { StreamContext } from '@kstream/feature-stream';
import type { WordCountTask, WordTotalsTask } from '@kstream/word-count-feature-topology';

/**
 * word-count's two stages as Nest microservice handlers on the exactly-once transport. Each record
 * arrives with its partition's task (`ctx.task`, the state); what the task returns is written in
 * the transaction that commits the record's offset. The logic lives in the tasks, which the unit
 * tests run without a broker; the topology (`word-count.topology.ts`) declares what each stage writes.
 */
@Controller()
export class WordCountProcessor {
  /** `text-lines` → `word-counts`, `word-alerts`, and each word's occurrences re-keyed by the word. */
  @EventPattern(TOPICS.textLines)
  lines(@Payload() record: InputRecord, @Ctx() ctx: StreamContext<WordCountTask>) {
    return ctx.task.process(record);
  }

  /** `word-count-words-repartition` → each word's total (`word-totals`). */
  @EventPattern(TOPICS.wordCountRepartition)
  totals(@Payload() record: InputRecord, @Ctx() ctx: StreamContext<WordTotalsTask>) {
    return ctx.task.process(record);
  }
}
