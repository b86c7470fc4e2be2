import { BadRequestException, Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { TopicNamePipe } from '../common/topic-name';
import { RedriveDto } from '../dto/redrive.dto';
import { DlqService, type DeadLetter, type RedriveReport } from './dlq.service';

@ApiTags('dlq')
@Controller('dlq/:topic')
export class DlqController {
  constructor(private readonly dlq: DlqService) {}

  @Get()
  @ApiOperation({ summary: 'The latest dead letters of a DLQ topic with reason and origin' })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  list(@Param('topic', TopicNamePipe) topic: string, @Query('limit') limit?: string): Promise<{ topic: string; deadLetters: DeadLetter[]; complete: boolean }> {
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1) throw new BadRequestException('limit must be a positive integer');
    return this.dlq.list(topic, n);
  }

  @Post('redrive')
  @ApiBearerAuth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Send chosen (offsets) or all dead letters back to their source topic without the dlq-* headers',
    description:
      "Only for the stack's DLQs, and only into the input topic each belongs to by contract: a dead letter whose dlq-source-topic names another topic (an internal one, say) is refused and listed under skipped.",
  })
  redrive(@Param('topic', TopicNamePipe) topic: string, @Body() dto: RedriveDto): Promise<RedriveReport> {
    if (dto.all === true && dto.offsets) throw new BadRequestException('give either offsets or all, not both');
    if (dto.all !== true && !dto.offsets) throw new BadRequestException('give the offsets to redrive, or "all": true');
    return this.dlq.redrive(topic, dto.all === true ? 'all' : (dto.offsets ?? []));
  }
}
