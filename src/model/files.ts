/** The golden file beside a history: `x.json` → `x.faults.json`. */
export const GOLDEN_SUFFIX = '.faults.json';

/** A saga spec: `<workflowType>.saga.json`. */
export const SPEC_SUFFIX = '.saga.json';
