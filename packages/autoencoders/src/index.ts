/**
 * `@replica/autoencoders` — autoencoders on hidden-manifold data: linear and non-linear autoencoders, their training dynamics and the theory of what they learn.
 *
 * This release is a shell: it exports nothing yet (see README.md for what it will hold).
 * @packageDocumentation
 */
export {};
