/**
 * src/protocol.ts must match the sidecar's wire contract: every struct in
 * `hydra-router schema --wire` has an interface of the same name with the
 * same fields, the same optional fields and the same types.
 */

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import ts from 'typescript';
import { hydraRouter, repoRoot } from './sidecar';

type JsonSchema = {
  type?: string;
  $ref?: string;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

/** A schema node as a set of type names: "string", "\"peak\"", "Candidate[]", "Record<string,number>". */
export function schemaTypes(node: JsonSchema): string[] {
  if (node.$ref) {
    return [node.$ref.replace('#/$defs/', '')];
  }
  if (node.anyOf) {
    return [...new Set(node.anyOf.flatMap(schemaTypes))].sort();
  }
  if (node.enum) {
    return node.enum.map((v) => JSON.stringify(v)).sort();
  }
  switch (node.type) {
    case 'integer':
    case 'number':
      return ['number'];
    case 'array':
      return [`${schemaTypes(node.items ?? {}).join('|')}[]`];
    case 'object':
      return typeof node.additionalProperties === 'object'
        ? [`Record<string,${schemaTypes(node.additionalProperties).join('|')}>`]
        : ['object'];
    case undefined:
      return ['unknown'];
    default:
      return [node.type];
  }
}

/** The same set of names for a TypeScript type; `undefined` is left out (it is optionality). */
function tsTypes(type: ts.Type, checker: ts.TypeChecker): string[] {
  if (type.isUnion()) {
    const parts = new Set(type.types.flatMap((t) => tsTypes(t, checker)));
    if (parts.has('true') && parts.has('false')) {
      parts.delete('true');
      parts.delete('false');
      parts.add('boolean');
    }
    return [...parts].sort();
  }
  if (type.flags & ts.TypeFlags.Undefined) {
    return [];
  }
  if (type.isStringLiteral()) {
    return [JSON.stringify(type.value)];
  }
  if (type.flags & ts.TypeFlags.BooleanLiteral) {
    return [checker.typeToString(type)];
  }
  for (const [flag, name] of [
    [ts.TypeFlags.String, 'string'],
    [ts.TypeFlags.Number, 'number'],
    [ts.TypeFlags.Boolean, 'boolean'],
    [ts.TypeFlags.Null, 'null'],
  ] as const) {
    if (type.flags & flag) {
      return [name];
    }
  }
  if (checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    return [`${tsTypes(element, checker).join('|')}[]`];
  }
  const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
  if (index) {
    return [`Record<string,${tsTypes(index.type, checker).join('|')}>`];
  }
  const symbol = type.aliasSymbol ?? type.getSymbol();
  return [symbol ? symbol.getName() : checker.typeToString(type)];
}

interface TsInterface {
  fields: Map<string, { optional: boolean; types: string[] }>;
}

function readProtocol(): Map<string, TsInterface> {
  const file = path.join(__dirname, '..', '..', 'src', 'protocol.ts');
  const program = ts.createProgram([file], { strict: true, noEmit: true, types: [] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  assert.ok(source, `cannot read ${file}`);
  const result = new Map<string, TsInterface>();
  for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(source)!)) {
    if (!(symbol.flags & ts.SymbolFlags.Interface)) {
      continue;
    }
    const fields = new Map<string, { optional: boolean; types: string[] }>();
    for (const prop of checker.getDeclaredTypeOfSymbol(symbol).getProperties()) {
      fields.set(prop.getName(), {
        optional: (prop.flags & ts.SymbolFlags.Optional) !== 0,
        types: tsTypes(checker.getTypeOfSymbol(prop), checker),
      });
    }
    result.set(symbol.getName(), { fields });
  }
  return result;
}

describe('protocol.ts matches `hydra-router schema --wire`', () => {
  let defs: Record<string, JsonSchema>;
  let interfaces: Map<string, TsInterface>;

  before(() => {
    defs = (JSON.parse(hydraRouter(['schema', '--wire'])) as { $defs: Record<string, JsonSchema> }).$defs;
    interfaces = readProtocol();
  });

  it('has one interface per wire struct, and no others', () => {
    assert.deepEqual([...interfaces.keys()].sort(), Object.keys(defs).sort());
  });

  it('has the same fields, optional fields and types in every interface', () => {
    for (const [name, def] of Object.entries(defs)) {
      const iface: TsInterface | undefined = interfaces.get(name);
      assert.ok(iface, `protocol.ts lacks interface ${name}`);
      const properties = def.properties ?? {};
      assert.deepEqual([...iface.fields.keys()].sort(), Object.keys(properties).sort(), `${name}: field names`);
      const required = new Set(def.required ?? []);
      for (const [field, schema] of Object.entries(properties)) {
        const side: { optional: boolean; types: string[] } | undefined = iface.fields.get(field);
        assert.ok(side, `${name}.${field}: missing in protocol.ts`);
        assert.equal(side.optional, !required.has(field), `${name}.${field}: optional in one side only`);
        assert.deepEqual(side.types, schemaTypes(schema), `${name}.${field}: types differ`);
      }
    }
  });
});

/** Every file under `dir` whose name ends in `ext`, skipping the folders named in `skip`. */
function filesUnder(dir: string, ext: string, skip: readonly string[] = []): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return skip.includes(entry.name) ? [] : filesUnder(full, ext, skip);
    }
    return entry.name.endsWith(ext) ? [full] : [];
  });
}

function namesIn(files: readonly string[], pattern: RegExp): Set<string> {
  return new Set(files.flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(pattern)].map((m) => m[1])));
}

describe('names', () => {
  it('shares only the wire types\' names with the sidecar, so each name means one thing', () => {
    const sidecar = path.join(repoRoot(), 'sidecar', 'hydra_router');
    // The sidecar's run-time classes; eval/ and training/ are offline tools the editor never meets.
    const python = namesIn(filesUnder(sidecar, '.py', ['eval', 'training']), /^class (\w+)/gm);
    const src = path.join(repoRoot(), 'extension', 'src');
    const typescript = namesIn(filesUnder(src, '.ts'), /^export (?:type|interface|class|enum) (\w+)/gm);
    const wire = namesIn([path.join(src, 'protocol.ts')], /^export (?:type|interface) (\w+)/gm);
    const shared = [...typescript].filter((name) => python.has(name) && !wire.has(name));
    assert.deepEqual(shared, [], `TypeScript names that mean something else in the sidecar: ${shared.join(', ')}`);
  });
});

describe('the comparison itself', () => {
  it('tells types apart', () => {
    assert.deepEqual(schemaTypes({ anyOf: [{ enum: ['peak', 'iso'] }, { type: 'null' }] }), ['"iso"', '"peak"', 'null']);
    assert.deepEqual(schemaTypes({ type: 'array', items: { $ref: '#/$defs/Candidate' } }), ['Candidate[]']);
    assert.deepEqual(schemaTypes({ type: 'object', additionalProperties: { type: 'number' } }), ['Record<string,number>']);
    assert.deepEqual(schemaTypes({ type: 'integer' }), ['number']);
  });
});
