export * from './window-state.value';
export * from './rolling-mean-state.contract';
