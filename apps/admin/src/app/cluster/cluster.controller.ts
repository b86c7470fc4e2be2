import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClusterService, type ClusterView } from './cluster.service';

@ApiTags('cluster')
@Controller('cluster')
export class ClusterController {
  constructor(private readonly cluster: ClusterService) {}

  @Get()
  @ApiOperation({ summary: 'Cluster id, controller, brokers, topic and partition counts, under-replicated partitions' })
  describe(): Promise<ClusterView> {
    return this.cluster.describe();
  }
}
