import type { QueueTask } from './types';

/**
 * A dependency path `from → … → to` following `dependsOn` edges (each task waits for the next), or undefined when `to`
 * cannot be reached. Depth-first with a visited set: linear in tasks + edges, so a 1,000-task queue stays cheap.
 */
export function dependencyPath(tasks: ReadonlyMap<string, QueueTask>, from: string, to: string): string[] | undefined {
  const visited = new Set<string>();
  const walk = (at: string): string[] | undefined => {
    if (at === to) return [at];
    if (visited.has(at)) return undefined;
    visited.add(at);
    for (const next of tasks.get(at)?.dependsOn ?? []) {
      const rest = walk(next);
      if (rest) return [at, ...rest];
    }
    return undefined;
  };
  return walk(from);
}

/**
 * Some cycle among the tasks' dependencies, as `[a, b, …, a]`, or undefined when there is none. One colouring
 * depth-first pass (linear): the store checks every state it reads with it, so it must stay cheap at 1,000 tasks.
 */
export function findCycle(tasks: ReadonlyMap<string, QueueTask>): string[] | undefined {
  const finished = new Set<string>();
  const onPath: string[] = [];
  const onPathSet = new Set<string>();
  const visit = (at: string): string[] | undefined => {
    if (onPathSet.has(at)) return [...onPath.slice(onPath.indexOf(at)), at];
    if (finished.has(at) || !tasks.has(at)) return undefined;
    onPath.push(at);
    onPathSet.add(at);
    for (const next of tasks.get(at)!.dependsOn) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    onPath.pop();
    onPathSet.delete(at);
    finished.add(at);
    return undefined;
  };
  for (const start of tasks.keys()) {
    const cycle = visit(start);
    if (cycle) return cycle;
  }
  return undefined;
}

/** `a → b → a`: how a cycle is named to the user (each task waits for the next). */
export const cycleText = (path: readonly string[]): string => path.join(' → ');
