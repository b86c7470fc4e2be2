export function utilCounting(): string {
  return 'util-counting';
}
