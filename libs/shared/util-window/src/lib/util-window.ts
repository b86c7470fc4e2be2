export function utilWindow(): string {
  return 'util-window';
}
