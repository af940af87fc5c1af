// Every workflow type the worker registers. Workflow type names show in the Temporal UI.
export { probationCase } from './probation';
