import { BadRequestException, Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { FORWARDED_HEADER } from '@kstream/kafka';
import { keyAnswerBody } from '@kstream/observability';
import { normaliseWord } from '@kstream/util-counting';
import { WordCountService } from './word-count.service';

@Controller('words')
export class WordsController {
  constructor(private readonly wordCount: WordCountService) {}

  /** The most frequent words of the partitions this instance owns: ?limit=1..1000, default 10. */
  @Get('top')
  top(@Query('limit') limit?: string): { words: { word: string; count: number }[] } {
    const n = limit === undefined ? 10 : /^\d{1,4}$/.test(limit) ? Number(limit) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new BadRequestException('limit must be an integer from 1 to 1000');
    return { words: this.wordCount.top(n) };
  }

  /** A word's total over every line ever counted, from whichever instance owns the word. The word is normalised as the counter does (NFC, lower case, edge punctuation dropped). */
  @Get(':word')
  async one(@Param('word') word: string, @Headers(FORWARDED_HEADER) forwarded: string | undefined, @Res({ passthrough: true }) res: { setHeader(name: string, value: string): unknown }): Promise<unknown> {
    if (word.length === 0 || word.length > 1000) throw new BadRequestException('word must be 1 to 1000 characters');
    const normalised = normaliseWord(word);
    const answer = await this.wordCount.word(normalised, forwarded !== undefined);
    return keyAnswerBody(answer, res, `no word ${JSON.stringify(normalised)} has been counted`);
  }
}
