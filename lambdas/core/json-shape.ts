import type { ErrorDetail } from './errors';

/**
 * The shape every request body must have before any schema looks at it: nested at most
 * MAX_BODY_DEPTH deep, and free of keys that name `Object.prototype` machinery.
 *
 * Walked with an explicit stack, never by recursion: a body nested 100,000 deep must be a
 * 400, not a stack overflow. It runs on the body exactly as JSON.parse returned it,
 * because schema validation drops a `__proto__` key without a word.
 */

/** How deep a request body may nest: the root object is level 1. */
export const MAX_BODY_DEPTH = 32;

/**
 * Keys refused anywhere in a body. JSON.parse makes them own properties, but assigning
 * them on a plain object (as redaction, the DynamoDB marshaller and most copies do) sets
 * or reads the prototype instead, so the stored item would differ from what was hashed.
 * Rejected with a 400 rather than transformed: the trail stores what was sent or nothing.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const FORBIDDEN_KEY_MESSAGE = 'keys named __proto__, constructor or prototype are not accepted';

// A hostile body could hold thousands of bad keys; naming the first few is enough to fix it.
const MAX_SHAPE_DETAILS = 20;

/** A container still to visit; its path is built only if it is reported (most never are). */
interface Pending {
  readonly value: object;
  readonly depth: number;
  readonly parent?: Pending;
  readonly segment?: string | number;
}

/** What is wrong with a parsed body's shape, by path (`events[0].metadata.a.__proto__`); empty when fine. */
export function jsonShapeDetails(body: unknown, maxDepth = MAX_BODY_DEPTH): ErrorDetail[] {
  if (body === null || typeof body !== 'object') return [];
  const details: ErrorDetail[] = [];
  // Only containers are pushed, and paths are built only when reported: a 1 MB array of
  // numbers costs one pass over it, not a million stack entries and path strings.
  const stack: Pending[] = [{ value: body, depth: 1 }];
  while (stack.length > 0 && details.length < MAX_SHAPE_DETAILS) {
    const node = stack.pop() as Pending;
    if (node.depth > maxDepth) {
      details.push({ path: pathOf(node) || '.', message: `nested deeper than ${maxDepth} levels` });
      continue;
    }
    if (Array.isArray(node.value)) pushArray(stack, node);
    else pushObject(stack, node, details);
  }
  return details;
}

// Children are pushed last-first so they are visited, and reported, in document order.
function pushArray(stack: Pending[], node: Pending): void {
  const items = node.value as unknown[];
  for (let i = items.length - 1; i >= 0; i--) {
    const child = items[i];
    if (child !== null && typeof child === 'object') stack.push({ value: child, depth: node.depth + 1, parent: node, segment: i });
  }
}

function pushObject(stack: Pending[], node: Pending, details: ErrorDetail[]): void {
  const record = node.value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (const key of keys) {
    if (FORBIDDEN_KEYS.has(key)) details.push({ path: pathOf({ value: record, depth: 0, parent: node, segment: key }), message: FORBIDDEN_KEY_MESSAGE });
  }
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i] as string;
    const child = record[key];
    if (!FORBIDDEN_KEYS.has(key) && child !== null && typeof child === 'object') {
      stack.push({ value: child, depth: node.depth + 1, parent: node, segment: key });
    }
  }
}

/** `events[0].metadata.a`, from a node's chain of parents. */
function pathOf(node: Pending): string {
  const segments: (string | number)[] = [];
  for (let n: Pending | undefined = node; n?.segment !== undefined; n = n.parent) segments.push(n.segment);
  return segments.reverse().reduce<string>(
    (path, s) => (typeof s === 'number' ? `${path}[${s}]` : path ? `${path}.${s}` : s),
    '',
  );
}
