// The operations every release must run as written validate against the schema the gateway serves.
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';

const root = path.resolve(__dirname, '..');
const apiSchema = buildSchema(fs.readFileSync(path.join(root, 'schema', 'api.graphql'), 'utf8'));
const folder = path.join(root, 'operations', 'acceptance');

test.each(fs.readdirSync(folder).filter((file) => file.endsWith('.graphql')))(
  'operations/acceptance/%s validates against schema/api.graphql',
  (file) => {
    const document = parse(fs.readFileSync(path.join(folder, file), 'utf8'));
    expect(validate(apiSchema, document).map((error) => error.message)).toEqual([]);
  },
);
