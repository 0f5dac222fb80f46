/**
 * The error every iterative solver throws when it does not converge.
 * @module
 */

/**
 * A solver stopped without meeting its tolerance. Carries what it reached, so a
 * caller can report it; theory solvers never return an unconverged answer.
 */
export class ConvergenceError extends Error {
  override readonly name = 'ConvergenceError';
  /**
   * @param message - what did not converge and why
   * @param residual - the last residual (e.g. max |f(x) − x|)
   * @param iterations - iterations (or steps) taken
   */
  constructor(
    message: string,
    readonly residual: number,
    readonly iterations: number,
  ) {
    super(message);
  }
}
