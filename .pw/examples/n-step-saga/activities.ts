/** The n-step saga's activities: nothing to do but answer (the bench measures the tool, not the work). */
export async function step(i: number): Promise<number> {
  return i;
}

export async function undo(i: number): Promise<void> {
  void i;
}
