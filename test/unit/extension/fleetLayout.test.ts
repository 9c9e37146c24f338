import { strict as assert } from 'node:assert';
import { fleetLayout, layoutModeOf, layoutShape, type FleetLayoutMode } from '../../../src/extension/fleet/layout';

/** Workers per row for each mode and worker count (issue 13 item 3; isollm's rule for auto). */
const EXPECTED: Readonly<Record<FleetLayoutMode, Readonly<Record<number, readonly number[]>>>> = {
  auto: { 1: [1], 2: [2], 3: [2, 1], 4: [2, 2], 5: [3, 2], 8: [4, 4] },
  horizontal: { 1: [1], 2: [2], 3: [3], 4: [4], 5: [5], 8: [8] },
  vertical: { 1: [1], 2: [1, 1], 3: [1, 1, 1], 4: [1, 1, 1, 1], 5: [1, 1, 1, 1, 1], 8: [1, 1, 1, 1, 1, 1, 1, 1] },
  grid: { 1: [1], 2: [2], 3: [2, 1], 4: [2, 2], 5: [3, 2], 8: [3, 3, 2] },
};

const SHAPES: Readonly<Record<string, string>> = {
  'auto 1': 'h[g]', 'auto 2': 'h[g,g]', 'auto 3': 'v[[g,g],g]', 'auto 4': 'v[[g,g],[g,g]]', 'auto 5': 'v[[g,g,g],[g,g]]', 'auto 8': 'v[[g,g,g,g],[g,g,g,g]]',
  'vertical 3': 'v[g,g,g]', 'horizontal 5': 'h[g,g,g,g,g]', 'grid 8': 'v[[g,g,g],[g,g,g],[g,g]]',
};

describe('fleetLayout: worker terminals in the editor area (issue 13 item 3)', () => {
  for (const mode of Object.keys(EXPECTED) as FleetLayoutMode[]) {
    for (const n of [1, 2, 3, 4, 5, 8]) {
      it(`${mode} with ${n} worker(s): rows ${EXPECTED[mode][n]!.join('+')}, one editor group per worker`, () => {
        const l = fleetLayout(n, mode);
        assert.deepEqual(l.rows, EXPECTED[mode][n]);
        assert.equal(l.rows.reduce((a, b) => a + b, 0), n, 'every worker has a group and no group is empty');
        const leaves = (nodes: readonly { groups?: readonly unknown[] }[]): number => nodes.reduce((sum, g) => sum + (g.groups ? leaves(g.groups as never) : 1), 0);
        assert.equal(leaves(l.layout.groups), n, 'the setEditorLayout argument has n leaf groups');
        const shape = SHAPES[`${mode} ${n}`];
        if (shape) assert.equal(layoutShape(l.layout), shape);
      });
    }
  }

  it('auto resolves to horizontal for 1–2 workers and to grid above', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 8].map((n) => fleetLayout(n, 'auto').arrangement), ['horizontal', 'horizontal', 'grid', 'grid', 'grid', 'grid']);
  });

  it('lays out 0 workers as one group, and an unknown setting value as auto', () => {
    assert.deepEqual(fleetLayout(0, 'grid').rows, [1]);
    assert.equal(layoutModeOf('diagonal'), 'auto');
    assert.equal(layoutModeOf(undefined), 'auto');
    assert.equal(layoutModeOf('grid'), 'grid');
  });

  it('layoutShape reads what vscode.getEditorLayout answers (sizes, single-group rows as leaves) like the computed layout', () => {
    const fromEditor = { orientation: 1, groups: [{ groups: [{ size: 400 }, { size: 400 }], size: 300 }, { groups: [{ size: 800 }], size: 300 }] };
    assert.equal(layoutShape(fromEditor), layoutShape(fleetLayout(3, 'auto').layout));
  });
});
