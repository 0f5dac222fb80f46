/**
 * `@replica/teacher-student/lab` — the teacher–student experiments and bench suite for
 * Replica's hosts: perceptron capacity (exact LP beside Cover) and Gardner's α_c(κ), online
 * learning beside its ODEs, AMP beside state evolution, double descent, the generalization of
 * Hebb, Gibbs and Bayes students, learning curves on any data model, and
 * `bench --suite teacher-student` (batch solvers beside numpy and scikit-learn).
 * @packageDocumentation
 */
import { defineLab } from '@replica/lab-kit';
import { ampPerceptronExperiment } from './amp-perceptron';
import { teacherStudentBench } from './bench';
import { gardnerCapacityExperiment, perceptronCapacityExperiment } from './capacity';
import { doubleDescentExperiment } from './double-descent';
import { learningCurveExperiment } from './learning-curve';
import { onlineLearningExperiment } from './online-learning';
import { perceptronGeneralizationExperiment } from './perceptron-generalization';

export { ampPerceptronExperiment } from './amp-perceptron';
export type { TeacherStudentKernel, TeacherStudentPlan, TeacherStudentRow } from './bench';
export {
  AMP_ALPHA,
  formatTeacherStudentRows,
  LOGISTIC_RATIO,
  OVERLAP_AGREEMENT,
  RIDGE_RATIO,
  TEACHER_STUDENT_PEERS,
  TS_LAMBDA,
  teacherStudentBench,
  WEIGHT_AGREEMENT,
} from './bench';
export { gardnerCapacityExperiment, perceptronCapacityExperiment } from './capacity';
export { doubleDescentExperiment } from './double-descent';
export { learningCurveExperiment } from './learning-curve';
export { onlineLearningExperiment } from './online-learning';
export { perceptronGeneralizationExperiment } from './perceptron-generalization';

/** The teacher–student lab: its experiments and bench suite, in the order hosts list them. */
export const teacherStudentLab = defineLab({
  package: '@replica/teacher-student',
  experiments: [
    perceptronCapacityExperiment,
    gardnerCapacityExperiment,
    onlineLearningExperiment,
    ampPerceptronExperiment,
    doubleDescentExperiment,
    perceptronGeneralizationExperiment,
    learningCurveExperiment,
  ],
  benchSuites: [teacherStudentBench],
});
