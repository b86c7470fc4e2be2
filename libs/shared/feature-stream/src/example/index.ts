export * from './keyword-trigger.module';
export * from './keyword-trigger.processor';
