import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { seriesName } from '@kstream/contract-numbers';
import { FORWARDED_HEADER } from '@kstream/kafka';
import { keyAnswerBody } from '@kstream/observability';
import { RollingMeanService } from './rolling-mean.service';
import type { SeriesView } from '@kstream/rolling-mean-feature-topology';

@Controller('series')
export class SeriesController {
  constructor(private readonly rollingMean: RollingMeanService) {}

  /** The series of the partitions this instance owns, with their window and mean. */
  @Get()
  list(): { series: SeriesView[] } {
    return { series: this.rollingMean.series() };
  }

  /** Any series, from whichever instance owns it (this one, or the owner asked on the caller's behalf). */
  @Get(':name')
  async one(@Param('name') name: string, @Headers(FORWARDED_HEADER) forwarded: string | undefined, @Res({ passthrough: true }) res: { setHeader(name: string, value: string): unknown }): Promise<unknown> {
    // The series as the decoder keys it (NFC), so either spelling of a name finds it.
    const answer = await this.rollingMean.one(seriesName(name), forwarded !== undefined);
    return keyAnswerBody(answer, res, `no series ${JSON.stringify(name)}: no number of it has been averaged`);
  }
}
