// Result shaping: turns the merged subgraph answers into the operation's answer, without graphql-js `execute`.
// A port of @apollo/gateway 2.14's resultShaping.ts (computeResponse) onto graphql-js types: the operation's
// selections are compiled once per operation (types resolved, @skip/@include reduced to a literal or a variable
// name) and then walked over each request's data. Aliases, __typename, fragments by runtime type (__typename and
// the schema's possible types), null propagation for non-null fields and the INVALID_GRAPHQL errors stock reports
// as `extensions.valueCompletion` behave as stock's do: the differential test (executor.test.ts) pins that.
import {
  GraphQLString, Kind, getNullableType, isAbstractType, isCompositeType, isEnumType, isInterfaceType, isListType,
  isNonNullType, isObjectType, valueFromAST,
  type DirectiveNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLError,
  type GraphQLLeafType, type GraphQLObjectType, type GraphQLOutputType, type GraphQLSchema,
  type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';
import { ERRORS } from '@apollo/federation-internals';

/** A literal condition, or the name of the variable that holds it. */
type Condition = boolean | string;

interface Guards {
  skip?: Condition;
  include?: Condition;
}

interface CompiledField extends Guards {
  kind: 'field';
  responseName: string;
  fieldName: string;
  type: GraphQLOutputType;
  selections?: CompiledSelection[];
}

interface CompiledFragment extends Guards {
  kind: 'fragment';
  typeCondition?: GraphQLCompositeType;
  selections: CompiledSelection[];
}

type CompiledSelection = CompiledField | CompiledFragment;

export interface CompiledOperation {
  root: GraphQLObjectType;
  selections: CompiledSelection[];
  /** The operation's variable defaults, under the request's own values (as `collectDefaultedVariableValues`). */
  defaults: Record<string, unknown>;
  /** Root `__schema`/`__type`: answered by graphql-js introspection, which the stock executor does. */
  hasIntrospection: boolean;
}

type Path = Array<string | number>;

/** The first @skip and first @include of a selection, as stock reads them (`appliedDirectivesOf(...)[0]`). */
function guardsOf(directives: readonly DirectiveNode[] | undefined): Guards {
  const guards: Guards = {};
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if ((name !== 'skip' && name !== 'include') || guards[name] !== undefined) continue;
    const value = directive.arguments?.find((arg) => arg.name.value === 'if')?.value;
    if (value?.kind === Kind.BOOLEAN) guards[name] = value.value;
    else if (value?.kind === Kind.VARIABLE) guards[name] = value.name.value;
  }
  return guards;
}

/** Compiles the selections of `operation` against the API schema; throws on anything it cannot resolve. */
export function compileOperation(
  schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>,
): CompiledOperation {
  const root = schema.getRootType(operation.operation);
  if (!root) throw new Error(`The schema has no ${operation.operation} root`);
  let hasIntrospection = false;
  const compile = (parent: GraphQLCompositeType, selectionSet: SelectionSetNode, depth: number): CompiledSelection[] =>
    selectionSet.selections.map((selection): CompiledSelection => {
      if (selection.kind === Kind.FIELD) {
        const fieldName = selection.name.value;
        if (fieldName === '__schema' || fieldName === '__type') hasIntrospection = true;
        // __schema and __type are not among the root's fields: such an operation goes to the stock executor.
        const type = fieldName.startsWith('__') ? GraphQLString : 'getFields' in parent ? parent.getFields()[fieldName]?.type : undefined;
        if (!type) throw new Error(`${parent.name}.${fieldName} is not in the schema`);
        const named = getNullableNamed(type);
        return {
          kind: 'field', responseName: selection.alias?.value ?? fieldName, fieldName, type, ...guardsOf(selection.directives),
          selections: selection.selectionSet && isCompositeType(named) ? compile(named, selection.selectionSet, depth + 1) : undefined,
        };
      }
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value] : undefined;
      if (selection.kind === Kind.FRAGMENT_SPREAD && !fragment) throw new Error(`Unknown fragment ${selection.name.value}`);
      const conditionName = fragment ? fragment.typeCondition.name.value : selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition?.name.value : undefined;
      const typeCondition = conditionName ? schema.getType(conditionName) : undefined;
      if (conditionName && !isCompositeType(typeCondition)) throw new Error(`Unknown type ${conditionName}`);
      // A validated document has no fragment cycle; the bound only keeps a bug from looping.
      if (depth > 200) throw new Error('Selections nested too deep to compile');
      const inner = fragment ? fragment.selectionSet : (selection as { selectionSet: SelectionSetNode }).selectionSet;
      return {
        kind: 'fragment', typeCondition: typeCondition as GraphQLCompositeType | undefined, ...guardsOf(selection.directives),
        selections: compile((typeCondition as GraphQLCompositeType | undefined) ?? parent, inner, depth + 1),
      };
    });
  const selections = compile(root, operation.selectionSet, 0);
  const defaults: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (!definition.defaultValue) continue;
    const type = schema.getType(namedTypeName(definition.type));
    if (type) defaults[definition.variable.name.value] = valueFromAST(definition.defaultValue, type as never);
  }
  return { root, selections, defaults, hasIntrospection };
}

function namedTypeName(node: { kind: Kind; type?: unknown; name?: { value: string } }): string {
  return node.kind === Kind.NAMED_TYPE ? node.name!.value : namedTypeName(node.type as typeof node);
}

function getNullableNamed(type: GraphQLOutputType): GraphQLOutputType {
  let inner = type;
  while (isNonNullType(inner) || isListType(inner)) inner = (inner as { ofType: GraphQLOutputType }).ofType;
  return inner;
}

interface Run {
  schema: GraphQLSchema;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
  /**
   * What the last updateOutputValue / updateList call found, beside the value it returned: a non-null field came out
   * null (the parent must be nulled), and whether errors were reported under it. Flags on the run rather than a
   * result object per value: shaping visits every value of the answer, and those objects were garbage.
   */
  invalid: boolean;
  hasErrors: boolean;
}

const NULL_BUBBLE_UP = 1;
const OK = 0;

function isTrue(condition: Condition, variables: Record<string, unknown>): boolean {
  if (typeof condition === 'boolean') return condition;
  const value = variables[condition];
  if (typeof value !== 'boolean') throw new Error(`Unexpected value ${String(value)} for variable $${condition}`);
  return value;
}

function skipped(guards: Guards, run: Run): boolean {
  return (guards.skip !== undefined && isTrue(guards.skip, run.variables)) || (guards.include !== undefined && !isTrue(guards.include, run.variables));
}

/** graphql's own subtyping: the same type, an object in a union, an implementation of an interface. */
function isSubtype(schema: GraphQLSchema, condition: GraphQLCompositeType, type: GraphQLCompositeType): boolean {
  return condition === type || (isAbstractType(condition) && (isObjectType(type) || isInterfaceType(type)) && schema.isSubType(condition, type));
}

const own = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/**
 * The answer's `data` and the value-completion errors (invalid leaf values, nulls in non-null fields that no
 * subgraph error explains), exactly as stock's computeResponse computes them.
 */
export function shapeResult(
  compiled: CompiledOperation, schema: GraphQLSchema, input: Record<string, unknown> | null | undefined, variables: Record<string, unknown> | undefined,
): { data: Record<string, unknown> | null | undefined; errors: GraphQLError[] } {
  if (!input) return { data: input, errors: [] };
  const run: Run = { schema, variables: { __proto__: null, ...compiled.defaults, ...variables }, errors: [], invalid: false, hasErrors: false };
  const data: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const result = applySelections(input, compiled.selections, data, run, [], compiled.root);
  return { data: result === NULL_BUBBLE_UP ? null : data, errors: run.errors };
}

function applySelections(
  input: Record<string, unknown>, selections: CompiledSelection[], output: Record<string, unknown>, run: Run, path: Path, parentType: GraphQLCompositeType,
): number {
  for (const selection of selections) {
    if (skipped(selection, run)) continue;
    if (selection.kind === 'fragment') {
      const typename = input.__typename;
      if (typename !== undefined && typeof typename !== 'string') throw new Error(`Got unexpected value for __typename: ${String(typename)}`);
      if (typeConditionApplies(run.schema, selection.typeCondition, typename, parentType)) {
        const res = applySelections(input, selection.selections, output, run, path, selection.typeCondition ?? parentType);
        if (res === NULL_BUBBLE_UP) return NULL_BUBBLE_UP;
      }
      continue;
    }
    const { responseName } = selection;
    const outputValue = output[responseName];
    let inputValue = (own(input, responseName) ? input[responseName] : undefined) ?? null;
    if (selection.fieldName === '__typename') {
      if (outputValue === undefined) {
        if (inputValue === null && responseName !== '__typename') inputValue = input.__typename ?? null;
        const type = (typeof inputValue === 'string' ? run.schema.getType(inputValue) : undefined) ?? parentType;
        if (!isObjectType(type)) return NULL_BUBBLE_UP;
        output[responseName] = type.name;
      }
      continue;
    }
    path.push(responseName);
    output[responseName] = updateOutputValue(outputValue, selection.type, inputValue, selection.selections, path, run, parentType);
    path.pop();
    if (run.invalid) return NULL_BUBBLE_UP;
  }
  return OK;
}

function typeConditionApplies(schema: GraphQLSchema, condition: GraphQLCompositeType | undefined, typename: string | undefined, parentType: GraphQLCompositeType): boolean {
  if (!condition) return true;
  if (typename) {
    const type = schema.getType(typename);
    return !!type && isCompositeType(type) && isSubtype(schema, condition, type);
  }
  return isSubtype(schema, condition, parentType);
}

function describeLast(path: Path, type: GraphQLOutputType, parentType: GraphQLCompositeType): string {
  const element = path[path.length - 1];
  return typeof element === 'string' ? `field ${parentType.name}.${element}` : `array element of type ${String(type)} at index ${element}`;
}

/** Sets the run's flags for the value being returned (see Run). */
function found(run: Run, value: unknown, invalid: boolean, hasErrors: boolean): unknown {
  run.invalid = invalid;
  run.hasErrors = hasErrors;
  return value;
}

function updateOutputValue(
  outputValue: unknown, type: GraphQLOutputType, inputValue: unknown, selections: CompiledSelection[] | undefined,
  path: Path, run: Run, parentType: GraphQLCompositeType,
): unknown {
  if (outputValue === null || (outputValue !== undefined && !selections)) return found(run, outputValue, false, false);
  if (isNonNullType(type)) {
    const inner = getNullableType(type) as GraphQLOutputType;
    const updated = updateOutputValue(outputValue, inner, inputValue, selections, path, run, parentType);
    if (updated !== null) return found(run, updated, false, false);
    if (!run.hasErrors) {
      run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Cannot return null for non-nullable ${describeLast(path, inner, parentType)}.`, { path: Array.from(path) }));
    }
    return found(run, updated, true, true);
  }
  if (inputValue === null) return found(run, null, false, false);
  if (isListType(type)) return updateList(outputValue, type.ofType, inputValue, selections, path, run, parentType);
  if (isCompositeType(type)) {
    if (!selections || typeof inputValue !== 'object') throw new Error(`Invalid non-object value ${String(inputValue)} returned by subgraph for composite type ${type.name}`);
    const input = inputValue as Record<string, unknown>;
    const typename = input.__typename;
    let objectType: GraphQLCompositeType = type;
    if (typename) {
      const named = run.schema.getType(String(typename));
      if (!named || !isCompositeType(named)) {
        run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid __typename found for object at ${describeLast(path, type, parentType)}.`, { path: Array.from(path) }));
        return found(run, null, false, true);
      }
      objectType = named;
    }
    const output = (outputValue ?? Object.create(null)) as Record<string, unknown>;
    const hasErrors = applySelections(input, selections, output, run, path, objectType) === NULL_BUBBLE_UP;
    return found(run, hasErrors ? null : output, false, hasErrors);
  }
  const valid = isValidLeafValue(type, inputValue);
  if (!valid) run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${describeLast(path, type, parentType)}.`, { path: Array.from(path) }));
  return found(run, valid ? inputValue : null, false, !valid);
}

function updateList(
  outputValue: unknown, itemType: GraphQLOutputType, inputValue: unknown, selections: CompiledSelection[] | undefined,
  path: Path, run: Run, parentType: GraphQLCompositeType,
): unknown {
  if (!Array.isArray(inputValue)) throw new Error(`Invalid non-list value ${String(inputValue)} returned by subgraph for list type`);
  const outputs = (outputValue ?? new Array(inputValue.length).fill(undefined)) as unknown[];
  if (outputs.length !== inputValue.length) throw new Error(`[${String(inputValue)}].length (${inputValue.length}) !== (${outputs.length})`);
  let shouldNullify = false;
  let hasErrors = false;
  const updated = new Array<unknown>(outputs.length);
  for (let index = 0; index < outputs.length; index++) {
    path.push(index);
    updated[index] = updateOutputValue(outputs[index], itemType, inputValue[index], selections, path, run, parentType);
    path.pop();
    shouldNullify ||= run.invalid;
    hasErrors ||= run.hasErrors;
  }
  return found(run, shouldNullify ? null : updated, false, hasErrors);
}

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;
const BUILT_IN = new Set(['Int', 'Float', 'String', 'Boolean', 'ID']);

/** federation-internals' isValidLeafValue: custom scalars take anything, built-in ones and enums are checked. */
function isValidLeafValue(type: GraphQLLeafType, value: unknown): boolean {
  const name = isEnumType(type) ? '' : type.name;
  if (!isEnumType(type) && !BUILT_IN.has(name)) return true;
  if (typeof value === 'boolean') return name === 'Boolean';
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (name === 'Int' || name === 'ID') return INTEGER.test(String(value));
    return name === 'Float';
  }
  if (typeof value === 'string') {
    if (isEnumType(type)) return type.getValue(value) !== undefined;
    return name !== 'Boolean' && name !== 'Int' && name !== 'Float';
  }
  return false;
}
