import type { TopicContract } from '../contract';
import { ContractMismatchError, expectRecordMatchesContract, type ContractCheckOptions, type PublishedRecord } from './expect-record';

/** The field a contract check blames, 'valid' when the record passes: what contract specs assert on. */
export function fieldAtFault(contract: TopicContract, record: PublishedRecord, options?: ContractCheckOptions): string {
  try {
    expectRecordMatchesContract(contract, record, options);
    return 'valid';
  } catch (error) {
    if (error instanceof ContractMismatchError) return error.field;
    throw error;
  }
}
