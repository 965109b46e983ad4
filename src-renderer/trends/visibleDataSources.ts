/**
 * Where views offer what they show as VisibleData, by view id ("trend-scope_1/CH1/vpp"): the export menu
 * ("export what you see", "Copy values") asks here. A view registers while it is on screen.
 */
import type { VisibleData } from '../../shared/analysis/visibleData';

const sources = new Map<string, () => VisibleData>();

/** Offers a view's visible data; returns the function that withdraws it. */
export function registerVisibleData(viewId: string, read: () => VisibleData): () => void {
  sources.set(viewId, read);
  return () => {
    if (sources.get(viewId) === read) sources.delete(viewId);
  };
}

/** The visible data of one view now, or undefined when it is not on screen. */
export function visibleDataOf(viewId: string): VisibleData | undefined {
  return sources.get(viewId)?.();
}

/** The ids of the views on screen that offer their data. */
export function visibleDataViews(): string[] {
  return [...sources.keys()];
}
