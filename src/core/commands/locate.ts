import { isMap, isScalar, isSeq, LineCounter } from 'yaml';
import type { Document, Node, Pair } from 'yaml';

/** 1-based line and column, as messages and editors show them. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

export type YamlPath = readonly (string | number)[];

/**
 * Positions of a parsed command file's keys and values, from the `yaml` package's node ranges: a zod issue's path
 * becomes the line and column of the value at fault (or of its key, for a key that should not be there). A path that
 * does not exist falls back to the nearest node that does, so every problem has a place.
 */
export interface Locator {
  /** Where the value at `path` starts (the nearest existing ancestor's when it is missing). */
  value(path: YamlPath): SourcePosition;
  /** Where the key of the last segment of `path` starts (the value's position for list items). */
  key(path: YamlPath): SourcePosition;
  /** True when a mapping at `path` has the key (used for "given" vs "inherited" under `extends`). */
  has(path: YamlPath): boolean;
  /** The node at `path` when it is a plain single-line scalar: its text starts exactly at value(path). */
  isPlainScalar(path: YamlPath): boolean;
}

export const FILE_START: SourcePosition = { line: 1, column: 1 };

export function createLocator(doc: Document, lineCounter: LineCounter): Locator {
  const at = (offset: number | undefined): SourcePosition => {
    if (offset === undefined) return FILE_START;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const walk = (path: YamlPath): { node: Node | null; pair?: Pair; depth: number; last: Node | null } => {
    let node = (doc.contents as Node | null) ?? null;
    let last = node;
    let pair: Pair | undefined;
    let depth = 0;
    for (const segment of path) {
      if (node && isMap(node)) {
        pair = (node.items as Pair[]).find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) return { node: null, depth, last };
        node = (pair.value as Node | null) ?? null;
      } else if (node && isSeq(node) && typeof segment === 'number') {
        pair = undefined;
        node = (node.items[segment] as Node | undefined) ?? null;
        if (!node) return { node: null, depth, last };
      } else {
        return { node: null, depth, last };
      }
      depth++;
      if (node) last = node;
    }
    return { node, ...(pair ? { pair } : {}), depth, last };
  };
  return {
    value(path) {
      const found = walk(path);
      if (found.node?.range) return at(found.node.range[0]);
      if (found.depth === path.length && found.pair && isScalar(found.pair.key)) return at(found.pair.key.range?.[0]);
      return at(found.last?.range?.[0]);
    },
    key(path) {
      const found = walk(path);
      if (found.depth === path.length && found.pair && isScalar(found.pair.key) && typeof path[path.length - 1] === 'string') return at(found.pair.key.range?.[0]);
      return this.value(path);
    },
    has(path) {
      return walk(path).depth === path.length;
    },
    isPlainScalar(path) {
      const found = walk(path);
      return !!found.node && isScalar(found.node) && found.node.type === 'PLAIN';
    },
  };
}
