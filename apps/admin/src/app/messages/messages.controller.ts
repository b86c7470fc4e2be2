import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { TopicNamePipe } from '../common/topic-name';
import { MessagesQueryDto } from '../dto/messages-query.dto';
import { MessagesService, type MessageView, type ReadResult } from './messages.service';

@ApiTags('messages')
@Controller('topics/:name/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  @ApiOperation({ summary: 'Browse records: from ?offset= (per partition), or the latest ?limit=; limit is capped' })
  browse(@Param('name', TopicNamePipe) name: string, @Query() query: MessagesQueryDto): Promise<ReadResult<MessageView> & { limit: number }> {
    const limit = Math.min(query.limit ?? 20, this.messages.maxLimit);
    return this.messages.browse(name, limit, query.partition, query.offset).then((r) => ({ ...r, limit }));
  }
}
