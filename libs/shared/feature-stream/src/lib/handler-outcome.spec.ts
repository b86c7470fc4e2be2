import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { lastValueFrom } from 'rxjs';
import { IsInt } from 'class-validator';
import { DeadLetterError } from '@kstream/kafka';
import { suffixedTopicNames } from '@kstream/contracts-core';
import { deadLetter, errorOf, outcomeOf } from './handler-outcome';
import { StreamExceptionFilter } from './stream-exception.filter';
import { topicResolver } from './topic-resolver';

const emitted = [{ topic: 't', message: { value: 'e' } }];

describe('outcomeOf', () => {
  it('takes a task outcome as it is, with what the handler emitted after its own records', () => {
    const outcome = { kind: 'output' as const, meta: 1, messages: [{ topic: 't', message: { value: 'r' } }] };
    expect(outcomeOf(outcome, [])).toBe(outcome);
    expect(outcomeOf(outcome, emitted)).toEqual({ kind: 'output', meta: 1, messages: [...outcome.messages, ...emitted] });
  });

  it('makes nothing returned an output of what was emitted, and keeps a dead letter a dead letter', () => {
    expect(outcomeOf(undefined, emitted)).toEqual({ kind: 'output', meta: undefined, messages: emitted });
    expect(outcomeOf(deadLetter('contract-violation', 'x'), emitted)).toEqual({ kind: 'dead-letter', reason: 'contract-violation', error: 'x' });
  });

  it('refuses a result it cannot write', () => {
    expect(() => outcomeOf('a string', [])).toThrow(/returns a task outcome/);
  });
});

describe('errorOf', () => {
  it("keeps errors, and the message of Nest's default RPC filter's plain object", () => {
    const error = new Error('e');
    expect(errorOf(error)).toBe(error);
    expect(errorOf({ status: 'error', message: 'Internal server error' }).message).toBe('Internal server error');
    expect(errorOf('text').message).toBe('text');
  });
});

describe('StreamExceptionFilter', () => {
  const filter = new StreamExceptionFilter();
  const thrown = (exception: unknown) => lastValueFrom(filter.catch(exception)).catch((error: unknown) => error);

  it("makes a validation pipe's 400 a contract-violation dead letter naming the field", async () => {
    class Payload {
      @IsInt()
      value!: number;
    }
    const pipe = new ValidationPipe();
    const rejection = await pipe.transform({ value: 'x' }, { type: 'body', metatype: Payload }).catch((error: unknown) => error);
    expect(rejection).toBeInstanceOf(BadRequestException);
    const error = await thrown(rejection);
    expect(error).toBeInstanceOf(DeadLetterError);
    expect((error as DeadLetterError).reason).toBe('contract-violation');
    expect((error as DeadLetterError).message).toMatch(/value must be an integer/);
  });

  it('passes any other error on as it was thrown, for the engine to retry', async () => {
    const error = new Error('broker trouble');
    expect(await thrown(error)).toBe(error);
  });
});

describe('topicResolver', () => {
  it('maps base names to the deployed ones, aliases too, and leaves other names alone', () => {
    const resolve = topicResolver(suffixedTopicNames('x1'), { mine: 'mine-x1' });
    expect(resolve('text-lines')).toBe('text-lines-x1');
    expect(resolve('mine')).toBe('mine-x1');
    expect(resolve('elsewhere')).toBe('elsewhere');
    expect(topicResolver()('text-lines')).toBe('text-lines');
  });
});
