export * from './window-state.value';
export * from './rolling-mean-state.contract';
export * from './series-number.value';
export * from './rolling-mean-repartition.contract';
