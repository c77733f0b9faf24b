/**
 * Fewer points for drawing a long series: per bucket of x, the first, minimum, maximum and last point are kept,
 * so spikes and the line's ends survive. Only charts use it; tables and text always show every value.
 */
export interface XY {
  readonly x: number;
  readonly y: number;
}

/** At most about `max` points of `points` (sorted by x), keeping each bucket's extremes; short series as they are. */
export function downsample<P extends XY>(points: readonly P[], max: number): P[] {
  if (points.length <= max || max < 8) return points.slice();
  const buckets = Math.floor(max / 4);
  const size = points.length / buckets;
  const out: P[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(points.length, Math.floor((b + 1) * size));
    if (start >= end) continue;
    let lo = start;
    let hi = start;
    for (let i = start; i < end; i++) {
      if (points[i]!.y < points[lo]!.y) lo = i;
      if (points[i]!.y > points[hi]!.y) hi = i;
    }
    for (const i of [...new Set([start, lo, hi, end - 1])].sort((a, c) => a - c)) out.push(points[i]!);
  }
  return out;
}
