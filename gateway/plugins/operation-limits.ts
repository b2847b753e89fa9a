// Operation limits (what GraphQL Armor calls max depth, aliases, directives, tokens and cost), refused with
// OPERATION_TOO_COMPLEX before execution, i.e. before any subgraph is called. Written here rather than taken
// from @escape.tech/graphql-armor: its errors carry no code ("Syntax Error: …", thrown out of `validate`) and
// its cost limit reads only literal `first` values, so `orders(first: $first)` with 100000 in the variables
// passes. The static limits are validation rules; the cost runs in didResolveOperation, where variables are known.
import {
  GraphQLError,
  Kind,
  Lexer,
  TokenKind,
  getNamedType,
  isObjectType,
  isInterfaceType,
  valueFromAST,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type GraphQLCompositeType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ArgumentNode,
} from 'graphql';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ErrorCode, operationTooComplex } from '../../platform/errors';
import { Lru } from '../executor/lru';
import type { OperationLimits } from '../../platform/config';

export type { OperationLimits };

export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 15, maxAliases: 30, maxDirectives: 50, maxTokens: 5000, maxTokenLength: 4096, maxCost: 5000,
  defaultFirst: 20, maxBodyBytes: 1024 * 1024, maxBatch: 10,
};

type Fragments = (name: string) => FragmentDefinitionNode | null | undefined;

/** The deepest field nesting under `selectionSet`, following fragments; stops counting past `max`. */
function depthOf(
  selectionSet: SelectionSetNode, fragments: Fragments, max: number, seen = new Set<string>(), memo = new Map<string, number>(),
): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    let depth = 0;
    if (selection.kind === Kind.FIELD) {
      // Introspection has its own switch (off in production); its standard query is deeper than any operation.
      if (selection.name.value.startsWith('__')) continue;
      depth = 1 + (selection.selectionSet ? depthOf(selection.selectionSet, fragments, max, seen, memo) : 0);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = depthOf(selection.selectionSet, fragments, max, seen, memo);
    } else {
      const fragment = fragments(selection.name.value);
      // A fragment cycle is NoFragmentCyclesRule's to report; here it must only not loop.
      if (!fragment || seen.has(fragment.name.value)) continue;
      // Memoised: fragments spreading fragments would otherwise cost exponential time.
      const name = fragment.name.value;
      if (!memo.has(name)) memo.set(name, depthOf(fragment.selectionSet, fragments, max, new Set(seen).add(name), memo));
      depth = memo.get(name)!;
    }
    deepest = Math.max(deepest, depth);
    if (deepest > max) return deepest;
  }
  return deepest;
}

function maxDepthRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const depth = depthOf(operation.selectionSet, (name) => context.getFragment(name), max);
      if (depth > max) context.reportError(operationTooComplex(`The operation is nested deeper than ${max} fields`, 'depth', max));
    },
  });
}

/** Counts nodes of one kind in the whole document and reports once when they pass `max`. */
function countRule(max: number, limit: string, what: string, count: (visitor: () => void) => ASTVisitor): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let n = 0;
    return {
      ...count(() => void n++),
      Document: {
        leave() {
          if (n > max) context.reportError(operationTooComplex(`The document has more than ${max} ${what} (${n})`, limit, max));
        },
      },
    };
  };
}

/** At most `max` tokens, none longer than `maxLength` characters (a 900 KB string or name is one token). */
function maxTokensRule(max: number, maxLength: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    Document(document) {
      const source = document.loc?.source;
      if (!source) return;
      // Lexing stops at max + 1: the cost of the check is bounded by the limit, not by the document.
      const lexer = new Lexer(source);
      let tokens = 0;
      for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
        if (token.end - token.start > maxLength) {
          context.reportError(operationTooComplex(`The document has a token longer than ${maxLength} characters`, 'tokenLength', maxLength));
          return;
        }
        if (++tokens > max) {
          context.reportError(operationTooComplex(`The document has more than ${max} tokens`, 'tokens', max));
          return;
        }
      }
    },
  });
}

/**
 * How many fields the operation selects once every fragment spread is replaced by its fragment, counting each
 * fragment once (memoised) and saturating past `max`: linear in the document, however the spreads fan out.
 */
export function expandedFieldCount(selectionSet: SelectionSetNode, fragments: Fragments, max: number, memo = new Map<string, number>()): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      count += 1 + (selection.selectionSet ? expandedFieldCount(selection.selectionSet, fragments, max, memo) : 0);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += expandedFieldCount(selection.selectionSet, fragments, max, memo);
    } else {
      const name = selection.name.value;
      if (!memo.has(name)) {
        // Set before descending: a cycle (NoFragmentCyclesRule's to report) then counts 0 instead of looping.
        memo.set(name, 0);
        const fragment = fragments(name);
        memo.set(name, fragment ? expandedFieldCount(fragment.selectionSet, fragments, max, memo) : 0);
      }
      count += memo.get(name)!;
    }
    if (count > max) return max + 1;
  }
  return count;
}

/**
 * `{ ...F0 }` with `fragment Fi { ...F(i+1) ...F(i+1) }` is 1.6 KB at i = 40 and 2^40 fields once spread: the
 * query planner (and any pass that expands spreads) would run for ever. Every field costs at least 1, so an
 * operation over `max` expanded fields could not pass the cost limit anyway; refusing it here, in validation,
 * means no later pass ever sees it.
 */
function maxExpandedFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const memo = new Map<string, number>();
    return {
      OperationDefinition(operation) {
        const fields = expandedFieldCount(operation.selectionSet, (name) => context.getFragment(name), max, memo);
        if (fields > max) {
          context.reportError(operationTooComplex(`The operation selects more than ${max} fields once its fragments are spread`, 'fields', max));
        }
      },
    };
  };
}

/** The static limits, for ApolloServer's `validationRules` (and the graphql-ws server's). */
export function operationLimitRules(limits: OperationLimits): ValidationRule[] {
  return [
    maxTokensRule(limits.maxTokens, limits.maxTokenLength),
    maxExpandedFieldsRule(limits.maxCost),
    maxDepthRule(limits.maxDepth),
    countRule(limits.maxAliases, 'aliases', 'aliases', (add) => ({ Field: (node) => void (node.alias && add()) })),
    countRule(limits.maxDirectives, 'directives', 'directives', (add) => ({ Directive: () => add() })),
  ];
}

interface CostInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
  defaultFirst: number;
  /** Each fragment's cost, computed once: spreads of spreads would otherwise cost exponential time. */
  fragmentCosts?: Map<string, number>;
  /** The document's fragments by name, indexed once: a search per spread would be quadratic. */
  fragments?: Map<string, FragmentDefinitionNode>;
}

/** How many items a field asks for: its `first` (or `last`) from the request, the schema's default, or `defaultFirst`. */
function pageSize(field: GraphQLField<unknown, unknown>, node: { arguments?: readonly ArgumentNode[] }, input: CostInput): number {
  const argument = field.args.find((arg) => arg.name === 'first' || arg.name === 'last');
  if (!argument) return 1;
  const given = node.arguments?.find((arg) => arg.name.value === argument.name);
  const value = given ? valueFromAST(given.value, argument.type, input.variables) : argument.defaultValue;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : input.defaultFirst;
}

function costOf(parent: GraphQLCompositeType, selectionSet: SelectionSetNode, input: CostInput, seen: Set<string>): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const fields = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : {};
      const field = fields[selection.name.value];
      if (!field) continue;
      const child = getNamedType(field.type) as GraphQLCompositeType;
      const inner = selection.selectionSet ? costOf(child, selection.selectionSet, input, seen) : 0;
      cost += pageSize(field, selection, input) * (1 + inner);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const typeName = selection.typeCondition?.name.value;
      const type = (typeName ? input.schema.getType(typeName) : parent) as GraphQLCompositeType | undefined;
      if (type) cost += costOf(type, selection.selectionSet, input, seen);
    } else {
      cost += fragmentCost(selection.name.value, input, seen);
    }
  }
  return cost;
}

function fragmentCost(name: string, input: CostInput, seen: Set<string>): number {
  const memo = (input.fragmentCosts ??= new Map<string, number>());
  const known = memo.get(name);
  if (known !== undefined) return known;
  const fragments = (input.fragments ??= new Map(
    input.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  ));
  const fragment = fragments.get(name);
  const type = fragment && (input.schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined);
  // A cycle cannot pass validation; the guard only keeps a bug elsewhere from looping here.
  const cost = fragment && type && !seen.has(name) ? costOf(type, fragment.selectionSet, input, new Set(seen).add(name)) : 0;
  memo.set(name, cost);
  return cost;
}

/** Each field costs 1, and a field with a `first` argument multiplies itself and everything under it by that. */
export function operationCost(input: CostInput): number {
  const root = input.schema.getRootType(input.operation.operation);
  return root ? costOf(root, input.operation.selectionSet, input, new Set()) : 0;
}

/** What the cost check reads of a request: Apollo's didResolveOperation context has it all. */
export interface ResolvedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation?: OperationDefinitionNode;
  request: { operationName?: string; variables?: Record<string, unknown> };
  /** The document's hash (Apollo's queryHash): with it, results are cached per operation. */
  queryHash?: string;
}

/**
 * Throws GRAPHQL_VALIDATION_FAILED for a document without the operation asked for, and OPERATION_TOO_COMPLEX
 * for one over the cost limit. Other plugins that do work per operation call it first (rateLimitPlugin's
 * `admit`): Apollo runs every didResolveOperation hook at once, so a refusal here would not stop them.
 */
export function operationCostCheck(limits: OperationLimits, cacheSize = 1000): (resolved: ResolvedOperation) => void {
  // The cost of one operation with the same variables, kept per schema: Apollo runs this check up to three times a
  // request (limits, APQ bounds, rate limits) and the same operations come back all day. The variables are part of
  // the key (a `first: $first` changes the cost); requests with large variables are not cached.
  const costs = new Lru<string, number>(cacheSize);
  let costsFor: GraphQLSchema | undefined;
  const costOfRequest = ({ schema, document, operation, request, queryHash }: ResolvedOperation & { operation: OperationDefinitionNode }) => {
    const variables = request.variables ?? {};
    const compute = () => operationCost({ schema, document, operation, variables, defaultFirst: limits.defaultFirst });
    const json = queryHash ? JSON.stringify(variables) : '';
    if (!queryHash || json.length > 1024) return compute();
    if (costsFor !== schema) {
      costs.clear();
      costsFor = schema;
    }
    const key = `${queryHash}\0${request.operationName ?? ''}\0${json}`;
    let cost = costs.get(key);
    if (cost === undefined) costs.set(key, (cost = compute()));
    return cost;
  };
  return (resolved) => {
    const { operation, request } = resolved;
    // With a gateway, Apollo leaves an unknown operationName to the executor, which fails it as a 500.
    if (!operation) {
      const reason = request.operationName
        ? `The document has no operation named "${request.operationName}"`
        : 'The document has several operations: operationName must name one';
      throw new GraphQLError(reason, { extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED, http: { status: 400 } } });
    }
    const cost = costOfRequest({ ...resolved, operation });
    if (cost > limits.maxCost) {
      throw operationTooComplex(`The operation costs ${cost}, more than the limit of ${limits.maxCost}`, 'cost', limits.maxCost);
    }
  };
}

export function operationLimitsPlugin<TContext extends BaseContext>(options: {
  limits: OperationLimits;
  /** The check the other plugins run too (one cache of costs for all of them). */
  check?: (resolved: ResolvedOperation) => void;
}): ApolloServerPlugin<TContext> {
  const check = options.check ?? operationCostCheck(options.limits);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(context) {
          check(context);
        },
      };
    },
  };
}

/**
 * True when `error` is a refusal of these limits, whatever code Apollo wrapped it in, or graphql-js's own
 * work budget of OverlappingFieldsCanBeMerged ("Validation aborted.") running out on a huge selection.
 */
export function isLimitRefusal(error: unknown): error is GraphQLError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : undefined;
  return (
    original instanceof GraphQLError &&
    (original.extensions.code === ErrorCode.OPERATION_TOO_COMPLEX || original.message === 'Validation aborted.')
  );
}
