/**
 * `@replica/hopfield` — associative memories: Hebbian, pseudo-inverse, dreaming, asymmetric and dense Hopfield networks, with the AGS theory beside every simulation.
 *
 * This release is a shell: it exports nothing yet (see README.md for what it will hold).
 * @packageDocumentation
 */
export {};
