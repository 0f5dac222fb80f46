/**
 * `@replica/spin-core` — spin systems and their dynamics on CPU and WebGPU, exact enumeration, mean-field theory and inverse Ising: the physics core of Replica.
 *
 * This release is a shell: it exports nothing yet (see README.md for what it will hold).
 * @packageDocumentation
 */
export {};
