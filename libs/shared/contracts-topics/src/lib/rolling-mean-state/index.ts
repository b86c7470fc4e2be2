export * from './window-state.value';
