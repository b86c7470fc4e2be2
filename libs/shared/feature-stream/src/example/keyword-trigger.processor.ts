import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, valueText } from '@kstream/contracts-core';
import { DecodePipe } from '../lib/decode.pipe';
import type { StreamContext } from '../lib/stream-context';

/** The example's own output topic (not in the stack's catalogue: create it, or alias it with `topicAliases`). */
export const KEYWORD_TRIGGERS_TOPIC = 'keyword-triggers';
export const TRIGGER_KEYWORD = Symbol('TRIGGER_KEYWORD');

/** What a trigger record says: which line fired it, and where that line is. */
export interface KeywordTrigger {
  readonly keyword: string;
  readonly text: string;
  readonly source: { readonly topic: string; readonly partition: number; readonly offset: string };
}

/**
 * A third processor in one controller: "do something when a particular message arrives". Every
 * `text-lines` record is decoded as UTF-8 text (an empty, oversized or invalid one is a dead letter
 * naming the reason), and a line containing the keyword writes a `keyword-triggers` record
 * in the same transaction as the line's offset: each matching line fires exactly once, even across
 * crashes and rebalances. Stateless, so it needs no stage: the handler is the whole topology.
 *
 * It decodes with `valueText` of contracts-core rather than the topic's own decoder
 * (`decodeTextLine` of contract-text-lines, which also reads the JSON envelope): this library serves
 * every processor, and a dependency on one topic's contract would make every app that uses it
 * "affected" by a change to that topic. A processor of your own would use the topic's decoder.
 */
@Controller()
export class KeywordTriggerProcessor {
  constructor(@Inject(TRIGGER_KEYWORD) private readonly keyword: string) {}

  @EventPattern(TOPICS.textLines, { outputs: [KEYWORD_TRIGGERS_TOPIC] })
  onLine(@Payload(new DecodePipe(valueText)) text: string, @Ctx() ctx: StreamContext): void {
    if (!text.toLowerCase().includes(this.keyword)) return;
    const trigger: KeywordTrigger = { keyword: this.keyword, text, source: { topic: ctx.topic, partition: ctx.partition, offset: ctx.offset } };
    ctx.emit(KEYWORD_TRIGGERS_TOPIC, { key: ctx.key, value: JSON.stringify(trigger) });
  }
}
