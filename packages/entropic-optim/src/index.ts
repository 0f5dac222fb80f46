/**
 * `@replica/entropic-optim` — entropic optimization algorithms: replicated SGD, Entropy-SGD, replicated simulated annealing and local-entropy estimates.
 *
 * This release is a shell: it exports nothing yet (see README.md for what it will hold).
 * @packageDocumentation
 */
export {};
