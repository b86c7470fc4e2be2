import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';

const LEGAL = /^[a-zA-Z0-9._-]{1,249}$/;

/** Why a topic name breaks Kafka's rule (1-249 of [a-zA-Z0-9._-], not "." or ".."), or undefined. */
export function topicNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'a topic name may not be empty';
  if (name.length > 249) return `a topic name is at most 249 characters (got ${name.length})`;
  if (name === '.' || name === '..') return `"${name}" is not a legal topic name`;
  if (!LEGAL.test(name)) return 'a topic name may only hold ASCII letters, digits, ".", "_" and "-"';
  return undefined;
}

/** Route parameter pipe: an illegal topic name is a 400 before Kafka is asked. */
@Injectable()
export class TopicNamePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const problem = topicNameProblem(value);
    if (problem) throw new BadRequestException(problem);
    return value;
  }
}

/** Body field rule (`@Validate(TopicNameRule)`): the same check, reported as a 400 with the reason. */
@ValidatorConstraint({ name: 'topicName' })
export class TopicNameRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && topicNameProblem(value) === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property}: ${typeof args.value === 'string' ? topicNameProblem(args.value) : 'must be a string'}`;
  }
}
