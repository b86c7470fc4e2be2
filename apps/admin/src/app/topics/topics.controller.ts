import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { TopicNamePipe } from '../common/topic-name';
import { AddPartitionsDto } from '../dto/add-partitions.dto';
import { CreateTopicDto } from '../dto/create-topic.dto';
import { UpdateConfigsDto } from '../dto/update-configs.dto';
import { TopicsService, type TopicDescription, type TopicSummary } from './topics.service';

@ApiTags('topics')
@Controller('topics')
export class TopicsController {
  constructor(private readonly topics: TopicsService) {}

  @Get()
  @ApiOperation({ summary: 'List topics; internal ones only with ?internal=true' })
  @ApiQuery({ name: 'internal', required: false, type: Boolean })
  list(@Query('internal') internal?: string): Promise<TopicSummary[]> {
    return this.topics.list(internal === 'true' || internal === '1');
  }

  @Post()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create a topic' })
  @ApiResponse({ status: 201, description: 'Created; the body describes the new topic' })
  @ApiResponse({ status: 400, description: 'Invalid name, partitions < 1, or replication factor above the broker count' })
  @ApiResponse({ status: 409, description: 'The topic exists' })
  create(@Body() dto: CreateTopicDto): Promise<TopicDescription> {
    return this.topics.create(dto);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Partitions (leader, replicas, isr, watermarks) and configs of a topic' })
  describe(@Param('name', TopicNamePipe) name: string): Promise<TopicDescription> {
    return this.topics.describe(name);
  }

  @Patch(':name/configs')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Set (or, with null, reset) topic configs; the others are kept' })
  updateConfigs(@Param('name', TopicNamePipe) name: string, @Body() dto: UpdateConfigsDto): Promise<TopicDescription> {
    return this.topics.updateConfigs(name, dto.configs);
  }

  @Post(':name/partitions')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Increase the partition count' })
  addPartitions(@Param('name', TopicNamePipe) name: string, @Body() dto: AddPartitionsDto): Promise<TopicDescription> {
    return this.topics.addPartitions(name, dto.count);
  }

  @Delete(':name')
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a topic' })
  delete(@Param('name', TopicNamePipe) name: string): Promise<void> {
    return this.topics.delete(name);
  }
}
