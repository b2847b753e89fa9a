// Custom scalars are opaque to the gateway (the supergraph carries their names, not their parsers), so a
// malformed DateTime would travel to a subgraph, be refused there as a subrequest failure and come back as an
// internal error. Checked here instead, in every mode: each DateTime / Date given as a literal or inside the
// variables is parsed as the subgraphs parse it, and a bad one is BAD_USER_INPUT naming the argument.
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError, TypeInfo, BREAK, getNamedType, isInputObjectType, isListType, isNonNullType, typeFromAST, visit, visitWithTypeInfo,
  type GraphQLInputType, type GraphQLScalarType, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import { GraphQLDate, GraphQLDateTime } from 'graphql-scalars';
import { badUserInput } from '../../platform/errors';

/** The scalars the subgraphs parse strictly, by name; every other scalar passes as the gateway receives it. */
const CHECKED: Record<string, GraphQLScalarType> = { DateTime: GraphQLDateTime, Date: GraphQLDate };

function problemOf(scalar: GraphQLScalarType, value: unknown): string | null {
  try {
    scalar.parseValue(value);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

function refuse(where: string, scalar: GraphQLScalarType, problem: string): GraphQLError {
  // The problem echoes the value: kept short, as a variable may be a megabyte.
  const said = problem.length > 200 ? `${problem.slice(0, 200)}…` : problem;
  const error = badUserInput(`${where} must be a ${scalar.name} (${scalar.name === 'Date' ? 'YYYY-MM-DD' : 'RFC 3339, e.g. 2026-12-01T09:00:00Z'}): ${said}`, where);
  error.extensions.http = { status: 400 };
  return error;
}

/** Walks a variable's value along its input type; throws at the first malformed checked scalar. */
function checkValue(type: GraphQLInputType, value: unknown, where: string): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return checkValue(type.ofType, value, where);
  if (isListType(type)) {
    if (Array.isArray(value)) value.forEach((item, i) => checkValue(type.ofType, item, `${where}[${i}]`));
    else checkValue(type.ofType, value, where);
    return;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object') return; // graphql-js refuses the shape itself
    const fields = type.getFields();
    for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
      if (fields[name]) checkValue(fields[name].type, field, `${where}.${name}`);
    }
    return;
  }
  const scalar = CHECKED[getNamedType(type).name];
  const problem = scalar && problemOf(scalar, value);
  if (problem) throw refuse(where, scalar, problem);
}

type Refusal = Parameters<typeof refuse>;

/** The first malformed literal of a document, or null: found once per parsed document (Apollo's document store hands out the same object). */
const literalsChecked = new WeakMap<GraphQLSchema, WeakMap<object, Refusal | null>>();

/** Literal values in the document: the argument (and input field) each one is given for names the place. */
function firstBadLiteral(schema: GraphQLSchema, document: Parameters<typeof visit>[0]): Refusal | null {
  const typeInfo = new TypeInfo(schema);
  const path: string[] = [];
  let found: Refusal | null = null;
  visit(document, visitWithTypeInfo(typeInfo, {
    Argument: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
    ObjectField: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
    StringValue(node) {
      const type = typeInfo.getInputType();
      const scalar = type && CHECKED[getNamedType(type).name];
      const problem = scalar && problemOf(scalar, node.value);
      if (!problem) return undefined;
      found = [path.join('.') || 'an argument', scalar, problem];
      return BREAK;
    },
  }));
  return found;
}

function checkLiterals(schema: GraphQLSchema, document: Parameters<typeof visit>[0]): void {
  let bySchema = literalsChecked.get(schema);
  if (!bySchema) literalsChecked.set(schema, (bySchema = new WeakMap()));
  let refusal = bySchema.get(document);
  if (refusal === undefined) bySchema.set(document, (refusal = firstBadLiteral(schema, document)));
  // A new error each time: the answer carries its own.
  if (refusal) throw refuse(...refusal);
}

/**
 * Throws BAD_USER_INPUT at the first malformed DateTime / Date of an operation, given as a literal or in its
 * variables. Shared by HTTP (the plugin below) and graphql-ws subscriptions (gateway/subscriptions/server.ts).
 */
export function checkScalarInputs(input: {
  schema: GraphQLSchema;
  document: Parameters<typeof visit>[0];
  operation: OperationDefinitionNode;
  variables?: Record<string, unknown> | null;
}): void {
  checkLiterals(input.schema, input.document);
  for (const definition of input.operation.variableDefinitions ?? []) {
    const type = typeFromAST(input.schema, definition.type) as GraphQLInputType | undefined;
    const name = definition.variable.name.value;
    if (type) checkValue(type, input.variables?.[name], `$${name}`);
  }
}

export function scalarInputsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (operation) checkScalarInputs({ schema, document, operation, variables: request.variables });
        },
      };
    },
  };
}
