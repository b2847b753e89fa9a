// Adapted from the audit's src/index.ts: every suite, sorted by id as the audit runs them (static imports
// instead of its dynamic ones).
import type { AuditSuite } from './supergraph';
import abstractTypes from './test-suites/abstract-types';
import childTypeMismatch from './test-suites/child-type-mismatch';
import circularReferenceInterface from './test-suites/circular-reference-interface';
import complexEntityCall from './test-suites/complex-entity-call';
import corruptedSupergraphNodeId from './test-suites/corrupted-supergraph-node-id';
import enumIntersection from './test-suites/enum-intersection';
import fed1ExternalExtends from './test-suites/fed1-external-extends';
import fed1ExternalExtendsResolvable from './test-suites/fed1-external-extends-resolvable';
import fed1ExternalExtension from './test-suites/fed1-external-extension';
import fed2ExternalExtends from './test-suites/fed2-external-extends';
import fed2ExternalExtension from './test-suites/fed2-external-extension';
import includeSkip from './test-suites/include-skip';
import inputObjectIntersection from './test-suites/input-object-intersection';
import interfaceObjectIndirectExtension from './test-suites/interface-object-indirect-extension';
import interfaceObjectWithRequires from './test-suites/interface-object-with-requires';
import keysMashup from './test-suites/keys-mashup';
import mutations from './test-suites/mutations';
import mysteriousExternal from './test-suites/mysterious-external';
import nestedProvides from './test-suites/nested-provides';
import node from './test-suites/node';
import nonResolvableInterfaceObject from './test-suites/non-resolvable-interface-object';
import nullKeys from './test-suites/null-keys';
import overrideTypeInterface from './test-suites/override-type-interface';
import overrideWithRequires from './test-suites/override-with-requires';
import parentEntityCall from './test-suites/parent-entity-call';
import parentEntityCallComplex from './test-suites/parent-entity-call-complex';
import partialUnion from './test-suites/partial-union';
import partialUnionComplex from './test-suites/partial-union-complex';
import providesOnInterface from './test-suites/provides-on-interface';
import providesOnUnion from './test-suites/provides-on-union';
import requiresCircular from './test-suites/requires-circular';
import requiresInterface from './test-suites/requires-interface';
import requiresRequires from './test-suites/requires-requires';
import requiresWithArgument from './test-suites/requires-with-argument';
import requiresWithArgumentConflict from './test-suites/requires-with-argument-conflict';
import requiresWithFragments from './test-suites/requires-with-fragments';
import sharedRoot from './test-suites/shared-root';
import simpleEntityCall from './test-suites/simple-entity-call';
import simpleInaccessible from './test-suites/simple-inaccessible';
import simpleInterfaceObject from './test-suites/simple-interface-object';
import simpleOverride from './test-suites/simple-override';
import simpleRequiresProvides from './test-suites/simple-requires-provides';
import typename from './test-suites/typename';
import unavailableOverride from './test-suites/unavailable-override';
import unionInterfaceDistributed from './test-suites/union-interface-distributed';
import unionIntersection from './test-suites/union-intersection';

export const AUDIT_SUITES: AuditSuite[] = [
  abstractTypes,
  childTypeMismatch,
  circularReferenceInterface,
  complexEntityCall,
  corruptedSupergraphNodeId,
  enumIntersection,
  fed1ExternalExtends,
  fed1ExternalExtendsResolvable,
  fed1ExternalExtension,
  fed2ExternalExtends,
  fed2ExternalExtension,
  includeSkip,
  inputObjectIntersection,
  interfaceObjectIndirectExtension,
  interfaceObjectWithRequires,
  keysMashup,
  mutations,
  mysteriousExternal,
  nestedProvides,
  node,
  nonResolvableInterfaceObject,
  nullKeys,
  overrideTypeInterface,
  overrideWithRequires,
  parentEntityCall,
  parentEntityCallComplex,
  partialUnion,
  partialUnionComplex,
  providesOnInterface,
  providesOnUnion,
  requiresCircular,
  requiresInterface,
  requiresRequires,
  requiresWithArgument,
  requiresWithArgumentConflict,
  requiresWithFragments,
  sharedRoot,
  simpleEntityCall,
  simpleInaccessible,
  simpleInterfaceObject,
  simpleOverride,
  simpleRequiresProvides,
  typename,
  unavailableOverride,
  unionInterfaceDistributed,
  unionIntersection,
].sort((a, b) => a.id.localeCompare(b.id));
