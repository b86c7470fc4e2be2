import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { RollingMeanService } from './rolling-mean.service';
import type { SeriesView } from './rolling-mean.task';

@Controller('series')
export class SeriesController {
  constructor(private readonly rollingMean: RollingMeanService) {}

  /** The series of the partitions this instance owns, with their window and mean. */
  @Get()
  list(): { series: SeriesView[] } {
    return { series: this.rollingMean.series() };
  }

  @Get(':name')
  one(@Param('name') name: string): SeriesView {
    const view = this.rollingMean.one(name);
    if (!view) throw new NotFoundException(`no series ${JSON.stringify(name)} on this instance`);
    return view;
  }
}
