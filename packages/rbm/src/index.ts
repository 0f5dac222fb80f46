/**
 * `@replica/rbm` — restricted Boltzmann machines: CD, PCD and TAP training, block Gibbs sampling, exact and AIS partition functions, and the Hopfield equivalence.
 *
 * This release is a shell: it exports nothing yet (see README.md for what it will hold).
 * @packageDocumentation
 */
export {};
