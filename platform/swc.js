// One swc configuration for `npm start`, scripts and jest: type-graphql and TypeORM read
// TypeScript's decorator metadata, which esbuild-based runners do not emit.
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
