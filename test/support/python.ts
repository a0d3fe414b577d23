import { PYTHON_EXAMPLE, PYTHON_VARIANTS, venvPython } from '../../scripts/record-python';

export { PYTHON_VARIANTS, PYTHON_VARIANT_NAMES, VARIANT_FAILING_STEP } from '../../scripts/record-python';
export const PYTHON_CORPUS = 'histories/python-tenant-provisioning';

let python: string | undefined;

/**
 * The command `check --worker-command` is given for the Python saga: the project's Python worker
 * (temporalio from PyPI in .tools/python-venv, installed by scripts/install-python.sh) registering
 * `module` (default: the reference saga; a planted bug is a module of PYTHON_VARIANTS).
 */
export function pythonWorkerCommand(module?: string): string {
  python ??= venvPython();
  const variant = module ? ` --path ${PYTHON_VARIANTS} ${module}` : '';
  return `${python} ${PYTHON_EXAMPLE}/worker.py${variant}`;
}
