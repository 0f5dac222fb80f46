export { default } from '../../tooling/tsup.config';
