import { Instruction } from 'dockerfile-ast';

/**
 * dockerfile-ast recomputes an instruction's argument list from its text on every call, and its
 * own constructors, getFlags, getArgumentsContent and our reads call it many times per
 * instruction: a fifth of dfmod's run time over a large tree. The list depends only on the
 * instruction's fixed text, so it is computed once per instance. Callers get a copy, because
 * ModifiableInstruction.getArguments removes the flags from the array it receives.
 */
const cache = new WeakMap<Instruction, unknown[]>();
const prototype = Instruction.prototype as unknown as { getRawArguments(this: Instruction): unknown[] };
const compute = prototype.getRawArguments;

prototype.getRawArguments = function getRawArguments(this: Instruction): unknown[] {
  let args = cache.get(this);
  if (args === undefined) {
    args = compute.call(this);
    cache.set(this, args);
  }
  return args.slice();
};
