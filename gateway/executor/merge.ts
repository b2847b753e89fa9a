// Merging subgraph answers into the result tree, and the planner's data rewrites (renamed keys, set values), as
// @apollo/gateway 2.14 does them (utilities/deepMerge.ts, dataRewrites.ts): same order, same own-property care.
import { isAbstractType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import type { FetchDataRewrite } from '@apollo/query-planner';

type ResultMap = Record<string, unknown>;

export const own = (object: object, key: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** A key that an object's prototype has (`constructor`, `toString`) becomes the object's own before it is set. */
function defineOwn(object: object, key: PropertyKey): void {
  if (!own(object, key) && key in object) Object.defineProperty(object, key, { configurable: true, enumerable: true, value: undefined, writable: true });
}

const isObject = (value: unknown): value is ResultMap => value !== null && typeof value === 'object' && !Array.isArray(value);

export function deepMerge(target: ResultMap, source: unknown): ResultMap {
  if (source === undefined || source === null) return target;
  const from = source as ResultMap;
  for (const key of Object.keys(from)) {
    const value = from[key];
    if (value === undefined) continue;
    defineOwn(target, key);
    const current = target[key];
    if (current && isObject(value)) {
      deepMerge(current as ResultMap, value);
    } else if (Array.isArray(value) && Array.isArray(current) && value.length === current.length) {
      const items = value as unknown[];
      for (let i = 0; i < items.length; i++) {
        if (isObject(current[i]) && isObject(items[i])) deepMerge(current[i] as ResultMap, items[i]);
        else current[i] = items[i];
      }
    } else {
      target[key] = value;
    }
  }
  return target;
}

/** True when `object`'s __typename is `typeCondition` or one of its possible types. */
export function isObjectOfType(schema: GraphQLSchema, object: ResultMap, typeCondition: string, defaultOnUnknown = false): boolean {
  const typename = object.__typename;
  if (!typename) return defaultOnUnknown;
  if (typeCondition === typename) return true;
  const type = schema.getType(String(typename));
  const condition = schema.getType(typeCondition);
  if (!type || !condition) return false;
  return isAbstractType(condition) && (isObjectType(type) || isInterfaceType(type)) && schema.isSubType(condition, type);
}

const FRAGMENT_PREFIX = '... on ';

export function applyRewrites(schema: GraphQLSchema, rewrites: FetchDataRewrite[] | undefined, value: unknown): void {
  for (const rewrite of rewrites ?? []) {
    if (rewrite.path.length === 0) continue;
    const parent = rewrite.path.slice(0, -1);
    const field = rewrite.path[rewrite.path.length - 1];
    if (field.startsWith(FRAGMENT_PREFIX)) throw new Error(`Unexpected fragment as last element of ${rewrite.path.join(',')}`);
    applyAt(schema, parent, value, (object) => {
      if (rewrite.kind === 'ValueSetter') {
        defineOwn(object, field);
        object[field] = rewrite.setValueTo;
      } else {
        const atPath = own(object, field) ? object[field] : undefined;
        if (!atPath) return;
        defineOwn(object, rewrite.renameKeyTo);
        object[rewrite.renameKeyTo] = atPath;
        object[field] = undefined;
      }
    });
  }
}

function applyAt(schema: GraphQLSchema, path: string[], value: unknown, apply: (object: ResultMap) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) applyAt(schema, path, item, apply);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const object = value as ResultMap;
  if (path.length === 0) return apply(object);
  const [first, ...rest] = path;
  if (!first.startsWith(FRAGMENT_PREFIX)) applyAt(schema, rest, own(object, first) ? object[first] : undefined, apply);
  else if (isObjectOfType(schema, object, first.slice(FRAGMENT_PREFIX.length), true)) applyAt(schema, rest, object, apply);
}
