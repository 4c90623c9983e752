// Queries over a recorded evaluation, shared by the platform tests (not a test file itself).
import type { Evaluation, RecordedResource } from '../../infra/src/offline/evaluate';

export function ofType(evaluation: Evaluation, type: string): RecordedResource[] {
  return evaluation.resources.filter((r) => r.type === type);
}

export function named(evaluation: Evaluation, type: string, name: string): RecordedResource {
  const found = evaluation.resources.find((r) => r.type === type && r.name === name);
  if (!found) throw new Error(`no ${type} named ${name} in ${evaluation.stack}`);
  return found;
}

/** Under mocks a resource's id is `<logical name>-id`. */
export function byId(evaluation: Evaluation, type: string, id: unknown): RecordedResource {
  return named(evaluation, type, String(id).replace(/-id$/, ''));
}

export interface IamStatement {
  readonly role: string;
  readonly Sid: string;
  readonly Effect: string;
  readonly Action: string[];
  readonly Resource: string[];
  readonly Condition?: Record<string, Record<string, string>>;
}

/** Every statement of every inline role policy, tagged with the role's physical name. */
export function iamStatements(evaluation: Evaluation): IamStatement[] {
  const roles = ofType(evaluation, 'aws:iam/role:Role');
  return ofType(evaluation, 'aws:iam/rolePolicy:RolePolicy').flatMap((policy) => {
    const role = roles.find((r) => r.inputs.name === policy.inputs.role);
    const document = JSON.parse(String(policy.inputs.policy)) as { Statement: Omit<IamStatement, 'role'>[] };
    return document.Statement.map((s) => ({ ...s, role: String(role?.inputs.name ?? policy.inputs.role) }));
  });
}

/** Every string anywhere inside a value, with its path. */
export function stringsIn(value: unknown, at = ''): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path: at, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsIn(v, `${at}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => stringsIn(v, at ? `${at}.${k}` : k));
  }
  return [];
}
