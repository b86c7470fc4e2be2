import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
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
}
