// Every workflow type the worker registers. Workflow type names show in the Temporal UI.
export { demotionCase } from './demotion';
export { probationCase } from './probation';
export { promotionCase } from './promotion';
export { rotationCase } from './rotation';
