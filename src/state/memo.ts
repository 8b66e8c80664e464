/**
 * A one-entry memo keyed on input identity, like reselect's default: selectors return the same object while
 * their inputs are the same objects, so React components re-render only when something really changed.
 */

export function memoSelector<S, I extends readonly unknown[], R>(
  inputs: (state: S) => I,
  compute: (...args: NoInfer<[...I]>) => R,
): (state: S) => R {
  let lastInputs: I | null = null;
  let lastResult: R | undefined;
  return (state) => {
    const next = inputs(state);
    if (lastInputs !== null && next.length === lastInputs.length && next.every((x, i) => x === lastInputs?.[i])) {
      return lastResult as R;
    }
    lastInputs = next;
    lastResult = compute(...([...next] as [...I]));
    return lastResult;
  };
}
