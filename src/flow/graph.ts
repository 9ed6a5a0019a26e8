import type { FlowDocument } from './document.js';

/** True when the flow has a widget `id` of its own (`constructor` is not one unless named so). */
export function hasWidget(flow: FlowDocument, id: string): boolean {
  return Object.hasOwn(flow.widgets, id);
}

/** The widgets each widget's lines lead to (dangling targets left out). */
function successors(flow: FlowDocument, widgetId: string): string[] {
  const lines = flow.widgets[widgetId]?.lines ?? [];
  return lines.filter((target): target is string => target != null && hasWidget(flow, target));
}

/** Every widget reachable from `roots` by following lines. */
export function reachableFrom(flow: FlowDocument, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = roots.filter((root) => hasWidget(flow, root));
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...successors(flow, id));
  }
  return seen;
}

/** Strongly connected components that contain a cycle (Tarjan, iterative). */
export function cycles(flow: FlowDocument): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let counter = 0;

  for (const root of Object.keys(flow.widgets)) {
    if (index.has(root)) continue;
    const work: Array<{ id: string; next: number }> = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { id: string; next: number };
      const targets = successors(flow, frame.id);
      if (frame.next < targets.length) {
        const target = targets[frame.next++] as string;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ id: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.id, Math.min(low.get(frame.id) ?? 0, index.get(target) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.id);
      const selfLoop = successors(flow, frame.id).includes(frame.id);
      if (component.length > 1 || selfLoop) found.push(component.reverse());
    }
  }
  return found;
}
