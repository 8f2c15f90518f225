// Binary search over things kept in document order (calls, assignments), by their text offset.

/** The index of the first item at or after `offset` (`items.length` when none is), for items sorted by `offsetOf`. */
export function firstAtOrAfter<T>(items: readonly T[], offset: number, offsetOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsetOf(items[mid]!) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
