// Waits until the engine lists the given function ids.
//
// The first engine::functions::list call doubles as this worker's own registration barrier (it is
// flushed after the worker's registrations and the engine handles one connection in order). Functions
// of *other* workers may appear later, so the call is repeated, with a short pause, until they do or
// the deadline passes. Benchmark clients only: tests wait on READY lines instead.

const PAUSE_MS = 50;

export async function awaitFunctions(iii, functionIds, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let missing = functionIds;
  while (true) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`engine did not list ${missing.join(', ')} within ${timeoutMs} ms`);
    const listed = await iii.trigger({ function_id: 'engine::functions::list', payload: {}, timeoutMs: left });
    const known = new Set((listed?.functions ?? []).map((f) => f.function_id));
    missing = functionIds.filter((id) => !known.has(id));
    if (missing.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
}
