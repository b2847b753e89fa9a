// One DateTime scalar (RFC 3339, as the acceptance operations name it) for every subgraph.
export { GraphQLDateTime as DateTime } from 'graphql-scalars';
