/**
 * Where each worker's terminal goes in the editor area (issue 13 item 3), after isollm's zellij layouts (seed 004):
 * `auto` puts 1–2 workers side by side, 3–4 in a 2×2 grid, more in a grid of 2 rows; `horizontal` is one row,
 * `vertical` one column, `grid` a near-square grid (columns = ⌈√n⌉). Pure (no 'vscode'): the shape is what
 * `vscode.setEditorLayout` takes, so it is unit tested here and applied as is by the terminal arranger.
 *
 * A grid's last row holds only the workers left (3 workers: 2 above, 1 below), as isollm's KDL does: an empty editor
 * group would be a pane with nothing in it.
 */

export const FLEET_LAYOUT_MODES = ['auto', 'horizontal', 'vertical', 'grid'] as const;
export type FleetLayoutMode = (typeof FLEET_LAYOUT_MODES)[number];

/** `vscode.setEditorLayout`'s argument: orientation 0 lays groups left to right, 1 top to bottom; nesting alternates. */
export interface EditorGroupLayout {
  readonly orientation: 0 | 1;
  readonly groups: readonly EditorGroupLayoutNode[];
}

export interface EditorGroupLayoutNode {
  readonly groups?: readonly EditorGroupLayoutNode[];
  readonly size?: number;
}

export interface FleetLayout {
  /** What `auto` resolved to. */
  readonly arrangement: Exclude<FleetLayoutMode, 'auto'>;
  /** Workers per row, top to bottom: worker i opens in view column i + 1 (VS Code numbers groups row by row). */
  readonly rows: readonly number[];
  readonly layout: EditorGroupLayout;
}

/** The mode a setting's value names; anything else (a typo in settings.json) is `auto`. */
export function layoutModeOf(value: unknown): FleetLayoutMode {
  return (FLEET_LAYOUT_MODES as readonly unknown[]).includes(value) ? (value as FleetLayoutMode) : 'auto';
}

/** Workers per row for `rowCount` rows, filled from the top: 5 in 2 rows is [3, 2]. */
function fillRows(workers: number, rowCount: number): number[] {
  const perRow = Math.ceil(workers / rowCount);
  const rows: number[] = [];
  for (let left = workers; left > 0; left -= perRow) rows.push(Math.min(perRow, left));
  return rows;
}

/** The arrangement of `workers` terminals (at least one group, so 0 workers is laid out as 1). */
export function fleetLayout(workers: number, mode: FleetLayoutMode): FleetLayout {
  const n = Math.max(1, Math.floor(workers));
  let arrangement: FleetLayout['arrangement'];
  let rows: number[];
  if (mode === 'horizontal' || (mode === 'auto' && n <= 2)) {
    arrangement = 'horizontal';
    rows = [n];
  } else if (mode === 'vertical') {
    arrangement = 'vertical';
    rows = Array.from({ length: n }, () => 1);
  } else if (mode === 'auto') {
    // isollm: 3–4 workers a 2×2 grid, more a grid of 2 rows.
    arrangement = 'grid';
    rows = n <= 4 ? [2, n - 2] : fillRows(n, 2);
  } else {
    arrangement = 'grid';
    const columns = Math.ceil(Math.sqrt(n));
    rows = fillRows(n, Math.ceil(n / columns));
  }
  return { arrangement, rows, layout: layoutOfRows(rows) };
}

/** One row: groups side by side. Several rows: stacked rows (orientation 1), each with its groups side by side. */
function layoutOfRows(rows: readonly number[]): EditorGroupLayout {
  const cells = (count: number): EditorGroupLayoutNode[] => Array.from({ length: count }, () => ({}));
  if (rows.length === 1) return { orientation: 0, groups: cells(rows[0]!) };
  if (rows.every((r) => r === 1)) return { orientation: 1, groups: cells(rows.length) };
  return { orientation: 1, groups: rows.map((r) => (r === 1 ? {} : { groups: cells(r) })) };
}

/**
 * A layout without its sizes, as `vscode.getEditorLayout` answers it (sizes in pixels, single groups as leaves), so a
 * test can compare the editor's layout with the computed one.
 */
export function layoutShape(layout: { readonly orientation: number; readonly groups: readonly EditorGroupLayoutNode[] }): string {
  const node = (n: EditorGroupLayoutNode): string => (n.groups && n.groups.length > 1 ? `[${n.groups.map(node).join(',')}]` : n.groups?.length === 1 ? node(n.groups[0]!) : 'g');
  return `${layout.orientation === 0 ? 'h' : 'v'}[${layout.groups.map(node).join(',')}]`;
}
