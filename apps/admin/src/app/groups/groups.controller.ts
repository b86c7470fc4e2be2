import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ResetOffsetsDto } from '../dto/reset-offsets.dto';
import { LagHistoryService, type LagHistory } from '../lag/lag-history.service';
import { GroupsService, type GroupDetail, type GroupSummary, type OffsetsApplied } from './groups.service';

@ApiTags('groups')
@Controller('groups')
export class GroupsController {
  constructor(
    private readonly groups: GroupsService,
    private readonly history: LagHistoryService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Consumer groups: id, state, member count, protocol' })
  list(): Promise<GroupSummary[]> {
    return this.groups.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'Members with assignments; committed offset, high watermark and lag per partition; totalLag' })
  describe(@Param('id') id: string): Promise<GroupDetail> {
    return this.groups.describe(id);
  }

  @Get(':id/lag/history')
  @ApiOperation({ summary: 'The sampled lag of the group, oldest first' })
  lagHistory(@Param('id') id: string): Promise<LagHistory> {
    return this.history.historyOf(id);
  }

  @Delete(':id')
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a group that has no active members' })
  @ApiResponse({ status: 409, description: 'The group has active members' })
  delete(@Param('id') id: string): Promise<void> {
    return this.groups.delete(id);
  }

  @Post(':id/offsets')
  @ApiBearerAuth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Move the committed offsets of a group on one topic' })
  @ApiResponse({ status: 409, description: 'The group has active members: stop them first' })
  resetOffsets(@Param('id') id: string, @Body() dto: ResetOffsetsDto): Promise<OffsetsApplied> {
    return this.groups.resetOffsets(id, dto.topic, dto.to);
  }
}
