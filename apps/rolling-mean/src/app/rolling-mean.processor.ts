import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS } from '@kstream/contracts-core';
import type { InputRecord } from '@kstream/kafka';
import type { StreamContext } from '@kstream/feature-stream';
import type { NumbersTask, RollingMeanTask } from '@kstream/rolling-mean-feature-topology';

/**
 * rolling-mean's two stages as Nest microservice handlers on the exactly-once transport. Each record
 * arrives with its partition's task (`ctx.task`, the state); what the task returns is written in the
 * transaction that commits the record's offset. The logic lives in the tasks, which the unit tests
 * run without a broker; the topology (`rolling-mean.topology.ts`) declares what each stage writes.
 */
@Controller()
export class RollingMeanProcessor {
  /** `numbers` → each number re-keyed by its series (`rolling-mean-series-repartition`). */
  @EventPattern(TOPICS.numbers)
  numbers(@Payload() record: InputRecord, @Ctx() ctx: StreamContext<NumbersTask>) {
    return ctx.task.process(record);
  }

  /** `rolling-mean-series-repartition` → one window per series → `rolling-means` and `rolling-mean-state`. */
  @EventPattern(TOPICS.rollingMeanRepartition)
  windows(@Payload() record: InputRecord, @Ctx() ctx: StreamContext<RollingMeanTask>) {
    return ctx.task.process(record);
  }
}
