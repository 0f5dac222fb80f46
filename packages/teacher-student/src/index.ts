/**
 * `@replica/teacher-student` — the teacher–student scenario: perceptron capacity, generalization curves, online-learning ODEs and AMP with state evolution, each simulation beside its exact theory.
 *
 * This release is a shell: it exports nothing yet (see README.md for what it will hold).
 * @packageDocumentation
 */
export {};
