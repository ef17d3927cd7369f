/**
 * A small windowing hook: of a long list of entries of varying height, only those in (or near) the scroll
 * container's viewport are rendered; the rest is stood in for by padding before and after, so the scrollbar and
 * the positions are those of the whole list. Heights are measured after each render (estimates until then, and
 * in environments without layout, e.g. jsdom).
 */
import * as React from "react";

export interface WindowingOptions {
  /** Keys of all entries, in order. */
  keys: readonly string[];
  /** Estimated height of entry i in px (used until it is measured). */
  estimate(index: number): number;
  /** Extra px rendered above and below the viewport. */
  overscanPx?: number;
  /** Viewport height assumed before the container is measured. */
  defaultViewport?: number;
  /** Lists of at most this many entries are rendered whole (default 0: always windowed). */
  renderAllUpTo?: number;
  /** Entries always rendered (e.g. the focused one, so focus is not lost when it scrolls away). */
  pinned?: readonly number[];
}

export interface Windowing {
  viewportRef: React.RefObject<HTMLDivElement>;
  onScroll(): void;
  /** First and last (exclusive) rendered index of the contiguous window; `pinned` may add a few outside it. */
  start: number;
  end: number;
  /** Entries to render, in order, each with the height skipped just before it (0 inside the window). */
  items: { index: number; gap: number }[];
  padBefore: number;
  padAfter: number;
  /** Ref for the rendered element of entry i (measures its height). */
  measure(index: number): (el: HTMLElement | null) => void;
  /** Scroll so that entry i is within the viewport. */
  scrollToIndex(index: number): void;
  total: number;
}

export function useWindowing(opts: WindowingOptions): Windowing {
  const { keys, estimate } = opts;
  const overscan = opts.overscanPx ?? 400;
  const viewportRef = React.useRef<HTMLDivElement>(null);
  const heights = React.useRef(new Map<string, number>());
  const [version, setVersion] = React.useState(0);
  const [scrollTop, setScrollTop] = React.useState(0);
  const [viewport, setViewport] = React.useState(opts.defaultViewport ?? 600);

  const offsets = React.useMemo(() => {
    const out = new Array<number>(keys.length + 1);
    out[0] = 0;
    for (let i = 0; i < keys.length; i++) out[i + 1] = out[i] + (heights.current.get(keys[i]) ?? estimate(i));
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [keys, estimate, version]);
  const total = offsets[keys.length];

  // Clamped as the browser would (a list that just got shorter, or an environment without layout).
  const top = Math.max(0, Math.min(scrollTop, total - viewport));
  let start = 0;
  let end = keys.length;
  if (keys.length > (opts.renderAllUpTo ?? 0)) {
    while (start < keys.length && offsets[start + 1] < top - overscan) start++;
    end = start;
    while (end < keys.length && offsets[end] < top + viewport + overscan) end++;
  }
  const indices: number[] = [];
  const pinned = (opts.pinned ?? []).filter((i) => i >= 0 && i < keys.length);
  for (const p of pinned) if (p < start) indices.push(p);
  for (let i = start; i < end; i++) indices.push(i);
  for (const p of pinned) if (p >= end) indices.push(p);
  const uniq = [...new Set(indices)].sort((a, b) => a - b);

  // Measure what was rendered; re-render once when a height differs from what was assumed.
  const pending = React.useRef(new Map<string, HTMLElement>());
  const measure = React.useCallback(
    (index: number) => (el: HTMLElement | null) => {
      const key = keys[index];
      if (el) pending.current.set(key, el);
      else pending.current.delete(key);
    },
    [keys],
  );
  // After every render (no deps on purpose): each state update below is guarded by an inequality.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  React.useLayoutEffect(() => {
    let changed = false;
    for (const [key, el] of pending.current) {
      const h = el.offsetHeight;
      if (h > 0 && heights.current.get(key) !== h) {
        heights.current.set(key, h);
        changed = true;
      }
    }
    const vp = viewportRef.current;
    if (vp && vp.clientHeight > 0 && vp.clientHeight !== viewport) setViewport(vp.clientHeight);
    if (changed) setVersion((v) => v + 1);
  });

  // Width changes (pane resized) change the heights of wrapped text: measure again.
  React.useEffect(() => {
    const vp = viewportRef.current;
    if (!vp || typeof ResizeObserver === "undefined") return;
    let width = vp.clientWidth;
    const ro = new ResizeObserver(() => {
      if (vp.clientWidth !== width) {
        width = vp.clientWidth;
        heights.current.clear();
      }
      setVersion((v) => v + 1);
    });
    ro.observe(vp);
    return () => ro.disconnect();
  }, []);

  const onScroll = React.useCallback(() => {
    const vp = viewportRef.current;
    if (vp) setScrollTop(vp.scrollTop);
  }, []);

  const scrollToIndex = React.useCallback(
    (index: number) => {
      const vp = viewportRef.current;
      if (!vp || index < 0 || index >= keys.length) return;
      const top = offsets[index];
      const bottom = offsets[index + 1];
      const h = vp.clientHeight || viewport;
      let next = vp.scrollTop;
      if (top < next) next = top;
      else if (bottom > next + h) next = bottom - h;
      if (next !== vp.scrollTop) vp.scrollTop = next;
      setScrollTop(next);
    },
    [keys.length, offsets, viewport],
  );

  const first = uniq.length ? uniq[0] : 0;
  const last = uniq.length ? uniq[uniq.length - 1] + 1 : 0;
  // Padding stands in for the entries before and after; a pinned entry away from the window is rendered in place
  // with the skipped height as its gap (margin) so that everything below stays where it belongs.
  const items = uniq.map((index, k) => ({ index, gap: k === 0 ? 0 : offsets[index] - offsets[uniq[k - 1] + 1] }));
  return {
    viewportRef,
    onScroll,
    start,
    end,
    items,
    padBefore: offsets[first],
    padAfter: total - offsets[last],
    measure,
    scrollToIndex,
    total,
  };
}
