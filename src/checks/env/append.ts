/** Appends without spreading into call arguments, which overflows the stack for very long lists. */
export function append<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}
