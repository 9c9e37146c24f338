/**
 * Synchronous file work in slices of the event loop. Reading a plan with node's synchronous calls costs a few
 * microseconds; through fs/promises the same file costs ten times more (a thread-pool round trip per syscall, a promise
 * per step). A listing of 5,000 plans therefore reads synchronously, and callers that share the loop with other work
 * (the extension host, the language server) still get a turn every SLICE_MS: the reader waits for the next loop
 * iteration once a slice has been used up.
 */
const SLICE_MS = 8;

let sliceStart = performance.now();
let nextTurn: Promise<void> | undefined;

/** Starts a fresh slice on the next iteration of the event loop; every waiter shares the one setImmediate. */
function yieldTurn(): Promise<void> {
  nextTurn ??= new Promise((resolve) =>
    setImmediate(() => {
      nextTurn = undefined;
      sliceStart = performance.now();
      resolve();
    }),
  );
  return nextTurn;
}

/**
 * Resolves when the caller may do a little synchronous work: at once while the current slice lasts, else on the next
 * loop iteration. A caller that wakes up with the slice already spent by others waits again, so even many concurrent
 * callers release the loop every slice (callers with many files should still go one file after another).
 */
export async function sliceTurn(): Promise<void> {
  while (performance.now() - sliceStart > SLICE_MS) await yieldTurn();
}
