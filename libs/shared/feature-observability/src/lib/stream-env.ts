import { Expose } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUrl, Matches, Max, Min, Validate, type ValidationArguments, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { suffixedTopicNames, type TopicNames, TOPICS } from '@kstream/contracts-core';
import { ToBoolean, ToInt } from '@kstream/kafka';
import { HttpEnv } from './http-env';

/** TOPIC_SUFFIX: when set, every topic name gets `-<suffix>` (isolated test runs against a shared broker). */
const TopicSuffix = (): PropertyDecorator => (target, property) => {
  Expose()(target, property);
  IsOptional()(target, property);
  Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'TOPIC_SUFFIX may hold letters, digits, ".", "_" and "-"' })(target, property);
};

/** The topic names an app uses, for apps whose settings do not extend StreamEnv (ingest-producer). */
export class TopicEnv {
  @TopicSuffix()
  TOPIC_SUFFIX?: string;

  topicNames(): TopicNames {
    return this.TOPIC_SUFFIX ? suffixedTopicNames(this.TOPIC_SUFFIX) : TOPICS;
  }
}

/** Avro outputs are registered and framed by a registry: OUTPUT_FORMAT=avro without one is refused at start. */
@ValidatorConstraint({ name: 'outputFormatRegistry' })
class OutputFormatNeedsRegistry implements ValidatorConstraintInterface {
  validate(format: unknown, args: ValidationArguments): boolean {
    return format !== 'avro' || Boolean((args.object as StreamEnv).SCHEMA_REGISTRY_URL);
  }
  defaultMessage(): string {
    return 'OUTPUT_FORMAT=avro needs SCHEMA_REGISTRY_URL (the registry the output schemas are registered in)';
  }
}

/** Settings every stream processor shares, on top of its HTTP ones. */
export class StreamEnv extends HttpEnv {
  @TopicSuffix()
  TOPIC_SUFFIX?: string;

  /** /health turns 503 when the consumer has not polled for this long. */
  @Expose()
  @ToInt()
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  HEALTH_POLL_STALE_MS = 60_000;

  /**
   * The address other instances of the processor use to ask this one about the keys it owns
   * (interactive queries), advertised to the consumer group. Default: http://<HOST>:<PORT>, with
   * 127.0.0.1 for 0.0.0.0; set it when instances run on different hosts or behind NAT.
   */
  @Expose()
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }, { message: 'ADVERTISED_URL must be an http(s) URL such as http://10.0.0.5:3003' })
  ADVERTISED_URL?: string;

  /**
   * The Confluent-compatible API of a schema registry (Apicurio: `http://host:8080/apis/ccompat/v7`),
   * where Avro input records' schemas are fetched by id. Unset: an Avro record is dead-lettered,
   * saying that no registry is configured.
   */
  @Expose()
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }, { message: 'SCHEMA_REGISTRY_URL must be an http(s) URL such as http://127.0.0.1:8081/apis/ccompat/v7' })
  SCHEMA_REGISTRY_URL?: string;

  /** How long an Avro record waits for an unreachable registry, retrying, before it is dead-lettered (`schema-registry-unavailable`). */
  @Expose()
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(600_000)
  SCHEMA_REGISTRY_UNAVAILABLE_MS = 30_000;

  /**
   * `avro`: the processor writes its output topics (not its dead letters, changelogs or internal
   * topics) as Confluent-framed Avro, their schemas derived from the topic contracts and registered
   * as `<topic>-value` at start. `json` (default): JSON envelopes. Inputs take both either way.
   */
  @Expose()
  @IsIn(['json', 'avro'], { message: 'OUTPUT_FORMAT must be json or avro' })
  @Validate(OutputFormatNeedsRegistry)
  OUTPUT_FORMAT: 'json' | 'avro' = 'json';

  /**
   * true: a kafkajs consumer per stage of the topology, all in the processor's group, so the second
   * stage fetches while the first commits (lower latency, docs/benchmarks.md). false (default): one
   * consumer for both stages. Not the default because each member's join makes the other rejoin,
   * and in the fault suite that doubling of rebalances hit a kafkajs race in its fetch (a
   * TypeError it treats as fatal: the consumer stops for good); docs/reliability.md, finding 11.
   */
  @Expose()
  @ToBoolean()
  @IsBoolean({ message: 'CONSUMER_PER_STAGE must be true or false' })
  CONSUMER_PER_STAGE = false;

  /** The registry settings a processor's Avro input and output need. */
  registry(): { readonly url?: string; readonly unavailableMs: number; readonly outputFormat: 'json' | 'avro' } {
    return { url: this.SCHEMA_REGISTRY_URL, unavailableMs: this.SCHEMA_REGISTRY_UNAVAILABLE_MS, outputFormat: this.OUTPUT_FORMAT };
  }

  topicNames(): TopicNames {
    return this.TOPIC_SUFFIX ? suffixedTopicNames(this.TOPIC_SUFFIX) : TOPICS;
  }

  advertisedUrl(): string {
    return this.ADVERTISED_URL ?? `http://${this.HOST === '0.0.0.0' || this.HOST === '::' ? '127.0.0.1' : this.HOST.includes(':') ? `[${this.HOST}]` : this.HOST}:${this.PORT}`;
  }
}
