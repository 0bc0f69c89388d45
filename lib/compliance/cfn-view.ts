/**
 * Read-only views of CloudFormation resources for the DMIS audit rules: a resource's
 * properties as the template will show them, and the references between resources.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** A resolved CloudFormation value: a literal or an intrinsic (Ref, Fn::GetAtt, Fn::Join...). */
export type CfnValue = unknown;

/** Resolved properties, keyed as in CloudFormation. */
export type CfnProperties = Readonly<Record<string, CfnValue>>;

interface Renderable {
  _toCloudFormation(): { Resources?: Record<string, { Properties?: Record<string, unknown> }> };
}

/**
 * The resource's properties exactly as synthesized, PascalCase and with property
 * overrides applied: the rules judge what CloudFormation receives, not the L1 props.
 */
export function propertiesOf(node: CfnResource): CfnProperties {
  const cached = cache?.properties.get(node);
  if (cached) return cached;
  const properties = renderProperties(node);
  cache?.properties.set(node, properties);
  return properties;
}

function renderProperties(node: CfnResource): CfnProperties {
  const stack = Stack.of(node);
  const rendered = stack.resolve((node as unknown as Renderable)._toCloudFormation()) as ReturnType<
    Renderable['_toCloudFormation']
  >;
  const [resource] = Object.values(rendered.Resources ?? {});
  return resource?.Properties ?? {};
}

/** The logical id the resource gets in its stack's template. */
export function logicalIdOf(node: CfnResource): string {
  return Stack.of(node).resolve(node.logicalId) as string;
}

/** Every CloudFormation resource of `type` in the stack that holds `scope`. */
export function resourcesOfType(scope: IConstruct, type: string): CfnResource[] {
  const stack = Stack.of(scope);
  const key = `${stack.node.path}\u0000${type}`;
  const cached = cache?.byType.get(key);
  if (cached) return cached;
  const found = stack.node
    .findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === type);
  cache?.byType.set(key, found);
  return found;
}

interface RunCache {
  readonly properties: WeakMap<CfnResource, CfnProperties>;
  readonly byType: Map<string, CfnResource[]>;
}

let cache: RunCache | undefined;

/**
 * Runs `check` with rendered properties and resource lists cached: one rule pack run looks
 * at the same resources many times, and the tree does not change during a run.
 */
export function withCfnCache<T>(check: () => T): T {
  const outer = cache;
  cache = { properties: new WeakMap(), byType: new Map() };
  try {
    return check();
  } finally {
    cache = outer;
  }
}

/** Whether a resolved value refers to the resource with this logical id (Ref or Fn::GetAtt, at any depth). */
export function referencesLogicalId(value: CfnValue, logicalId: string): boolean {
  if (Array.isArray(value)) return value.some((item) => referencesLogicalId(item, logicalId));
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  if (record.Ref === logicalId) return true;
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[0] === logicalId) return true;
  if (typeof getAtt === 'string' && getAtt.split('.')[0] === logicalId) return true;
  return Object.values(record).some((item) => referencesLogicalId(item, logicalId));
}

/** A property path read leniently: undefined as soon as a step is missing. */
export function pathOf(value: CfnValue, ...steps: Array<string | number>): CfnValue {
  let current: unknown = value;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}
