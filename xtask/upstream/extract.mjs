// Writes a normalized structural snapshot of the official VPC 2016-04-28 model, read
// from an installed `@alicloud/vpc20160428` package, to standard output.
//
//   node extract.mjs PACKAGE_DIR PUBLISH_DATE
//
// PACKAGE_DIR is the installed package (`node_modules/@alicloud/vpc20160428`), and
// PUBLISH_DATE the registry's publish date of its version (`YYYY-MM-DD`), passed in so
// that the output depends on the package alone. `cargo xtask spec upstream refresh`
// runs this; see spec/upstream/README.md.
//
// What is taken, and from where:
// - every operation: the client's `<op>WithOptions` methods, called with a stubbed
//   `callApi` that records the request the client built (nothing is sent anywhere).
//   Each request field is set alone, so the recorded keys show where it goes (query or
//   body) and how it is flattened (`Name.1`, `Name.1.Key`, a JSON string, a
//   comma-joined string);
// - wire names and types: each model class's `names()` and `types()`, walked through
//   nested models, arrays and maps;
// - required flags and stated values: the doc comments of the package's TypeScript
//   sources. Only structure is kept: the generator's "This parameter is required."
//   marker, and the bold tokens of a "Valid values" sentence (`**a** to **b**` is a
//   numeric range), and whether a number's example has a fraction. A string parameter
//   whose example is a JSON object gets that object's keys and example types. No prose
//   is copied.
//
// Output is deterministic: keys sorted, one line per leaf member.

import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const [pkgDir, publishDate] = process.argv.slice(2);
if (!pkgDir || !/^\d{4}-\d{2}-\d{2}$/.test(publishDate ?? '')) {
  console.error('usage: node extract.mjs PACKAGE_DIR YYYY-MM-DD');
  process.exit(2);
}
const pkgJson = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
const require = createRequire(path.join(path.resolve(pkgDir), 'package.json'));
const sdk = require(path.resolve(pkgDir));
const Client = sdk.default;

// ---- doc comments: class -> field -> remarks text -------------------------------------

const docs = new Map();
const modelsDir = path.join(pkgDir, 'src', 'models');
for (const file of fs.readdirSync(modelsDir).sort()) {
  if (!file.endsWith('.ts')) continue;
  const text = fs.readFileSync(path.join(modelsDir, file), 'utf8');
  const classRe = /export class (\w+) extends \$dara\.Model \{([\s\S]*?)\n\}\n/g;
  for (const [, cls, body] of text.matchAll(classRe)) {
    const fields = new Map();
    const examples = new Map();
    const fieldRe = /\/\*\*([\s\S]*?)\*\/\s*\n\s*(\w+)\?:/g;
    for (const [, comment, field] of body.matchAll(fieldRe)) {
      const lines = comment.split('\n').map((l) => l.replace(/^\s*\*\s?/, ''));
      const section = (tag) => {
        const start = lines.findIndex((l) => l.trim() === tag);
        if (start < 0) return undefined;
        const end = lines.findIndex((l, i) => i > start && /^@\w+/.test(l.trim()));
        return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
      };
      const remarks = section('@remarks');
      if (remarks !== undefined) fields.set(field, remarks);
      const example = section('@example');
      if (example !== undefined) examples.set(field, example.trim());
    }
    docs.set(cls, { fields, examples });
  }
}

const REQUIRED_MARK = 'This parameter is required.';
// Sentences that list values: "Valid values: **a**, **b**", "set the value to **5** or
// **10**", "the value is **sm3**".
const TRIGGER = /(valid values?(?: are| include)?|set (?:the value|this parameter|it) to|\bthe value is)\s*:?/i;

// A string parameter whose example is a JSON object (or a list of them) carries JSON
// text: its keys and their example types, with the values its `- **Name.Key**:` bullets
// state. Keys that only the bullets name are typed `any`.
function jsonNode(wire, remarks, example) {
  if (!example || !/^[[{]/.test(example)) return undefined;
  let value;
  try {
    value = JSON.parse(example);
  } catch {
    return undefined;
  }
  const of = (v) => {
    if (Array.isArray(v)) return { type: 'array', items: v.length ? of(v[0]) : { type: 'any' } };
    if (v && typeof v === 'object') {
      return { type: 'object', members: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, of(x)])) };
    }
    return { type: v === null ? 'any' : typeof v };
  };
  const tree = of(value);
  const obj = tree.type === 'array' ? tree.items : tree;
  if (obj.type !== 'object') return undefined;
  const bullets = bulletSections(remarks ?? '', wire);
  for (const [key, text] of bullets) {
    const m = obj.members[key] ?? (obj.members[key] = { type: 'any' });
    if (m.type === 'string' || m.type === 'number') Object.assign(m, statedValues(text, m.type));
  }
  return tree;
}

// `- **Wire.Key**: text` bullets of a remarks text, with the text up to the next such
// bullet.
function bulletSections(remarks, wire) {
  const out = [];
  const re = new RegExp(`^\\s*[-*]\\s+\\*\\*${wire}\\.(\\w+)\\*\\*`);
  let cur;
  for (const line of remarks.split('\n')) {
    const m = re.exec(line);
    if (m) {
      cur = [m[1], line.slice(m[0].length)];
      out.push(cur);
    } else if (cur) {
      cur[1] += '\n' + line;
    }
  }
  return out;
}

// The values a "Valid values" sentence lists: bold tokens up to the end of the sentence,
// or, when the sentence ends at its colon, the bold heads of the bullet lines after it.
function statedValues(remarks, kind) {
  if (!remarks || (kind !== 'string' && kind !== 'number')) return {};
  const text = remarks.replace(/<\/?ph>/g, '').replace(/<props="[^"]*">/g, '');
  const tokens = [];
  const ranges = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = TRIGGER.exec(lines[i]);
    if (!m) continue;
    let rest = lines[i].slice(m.index + m[0].length);
    // The sentence ends at a period outside bold text.
    const masked = rest.replace(/\*\*[^*]*\*\*/g, (s) => '_'.repeat(s.length));
    const stop = masked.search(/\.(\s|$)/);
    if (stop >= 0) rest = rest.slice(0, stop);
    let found = [...rest.matchAll(/\*\*([^*]+)\*\*/g)];
    if (found.length === 0 && rest.trim() === '') {
      // Bullets follow, maybe separated by blank lines; deeper bullets and indented
      // continuation lines belong to a bullet; text at the bullets' depth ends the list.
      let depth;
      for (let j = i + 1; j < lines.length; j++) {
        const line = lines[j];
        if (line.trim() === '') continue;
        const indent = line.length - line.trimStart().length;
        const b = /^[-*]\s+\*\*([^*]+)\*\*/.exec(line.trim());
        if (b && (depth === undefined || indent === depth)) {
          depth = indent;
          found.push(b);
        } else if (depth === undefined || indent <= depth) {
          break;
        }
      }
      for (const b of found) tokens.push(b[1].trim());
      continue;
    }
    const rangeRe = /\*\*(-?\d+)\*\*\s+(?:to|-|~)\s+\*\*(-?\d+)\*\*/g;
    const inRange = new Set();
    for (const r of rest.matchAll(rangeRe)) {
      ranges.push([Number(r[1]), Number(r[2])]);
      inRange.add(r.index);
      inRange.add(r.index + r[0].lastIndexOf('**' + r[2]));
    }
    for (const f of found) {
      if (![...rest.matchAll(rangeRe)].some((r) => f.index >= r.index && f.index < r.index + r[0].length)) {
        tokens.push(f[1].trim());
      }
    }
  }
  const out = {};
  const seen = new Set();
  const values = [];
  for (const t of tokens) {
    if (!/^[A-Za-z0-9_.:\/+-]+$/.test(t)) continue;
    if (kind === 'number') {
      if (!/^-?\d+(\.\d+)?$/.test(t)) continue;
    }
    const v = kind === 'number' ? Number(t) : t;
    if (seen.has(v)) continue;
    seen.add(v);
    values.push(v);
  }
  if (values.length) out.values = values;
  if (kind === 'number' && ranges.length) {
    const key = (r) => r.join(',');
    const uniq = [...new Map(ranges.map((r) => [key(r), r])).values()];
    out.ranges = uniq;
  }
  return out;
}

// ---- model trees ----------------------------------------------------------------------

function isModel(t) {
  return typeof t === 'function' && typeof t.names === 'function';
}

// A node for type `t`; `remarks` is the field's doc text (for values and required).
function node(t, remarks, stack) {
  if (typeof t === 'string') {
    const kind = { string: 'string', number: 'number', boolean: 'boolean', any: 'any', Readable: 'binary' }[t];
    if (!kind) throw new Error(`unknown scalar type ${t}`);
    return { type: kind, ...statedValues(remarks, kind) };
  }
  if (isModel(t)) return modelNode(t, stack);
  if (t && t.type === 'array') return { type: 'array', items: node(t.itemType, remarks, stack) };
  if (t && t.type === 'map') {
    return { type: 'map', key: t.keyType, value: node(t.valueType, remarks, stack) };
  }
  throw new Error(`unknown type ${JSON.stringify(t)}`);
}

function modelNode(cls, stack) {
  if (stack.includes(cls)) return { type: 'object', recursive: true };
  const members = {};
  const names = cls.names();
  const types = cls.types();
  const { fields: fieldDocs, examples } = docs.get(cls.name) ?? { fields: new Map(), examples: new Map() };
  for (const field of Object.keys(names)) {
    const remarks = fieldDocs.get(field);
    const json = types[field] === 'string' ? jsonNode(names[field], remarks, examples.get(field)) : undefined;
    const n = json ? { type: 'string', json } : node(types[field], remarks, [...stack, cls]);
    // `number` covers integers and fractions alike; an example with a fraction says which.
    if (n.type === 'number' && /^-?\d+\.\d+$/.test(examples.get(field) ?? '')) n.fraction = true;
    if (remarks && remarks.includes(REQUIRED_MARK)) n.required = true;
    members[names[field]] = n;
  }
  return { type: 'object', members };
}

// ---- operations -----------------------------------------------------------------------

// A value of type `t` with every field filled (arrays get two items, maps one key).
function sample(t, stack = []) {
  if (typeof t === 'string') {
    return { string: 'x', number: 1, boolean: true, any: 'x', Readable: 'x' }[t];
  }
  if (isModel(t)) {
    if (stack.includes(t)) return undefined;
    const types = t.types();
    const map = {};
    for (const f of Object.keys(types)) map[f] = sample(types[f], [...stack, t]);
    return new t(map);
  }
  if (t.type === 'array') return [sample(t.itemType, stack), sample(t.itemType, stack)];
  if (t.type === 'map') return { k: sample(t.valueType, stack) };
  throw new Error(`unknown type ${JSON.stringify(t)}`);
}

const client = new Client({ accessKeyId: 'x', accessKeySecret: 'x', regionId: 'cn-hangzhou', endpoint: '127.0.0.1' });
let captured;
client.callApi = async (params, req) => {
  captured = { params, req };
  return { body: {}, headers: {}, statusCode: 200 };
};

function placement(entries, wire, tree) {
  // entries: [where, key, value] the client produced for this field alone.
  const where = [...new Set(entries.map((e) => e[0]))];
  if (where.length !== 1) throw new Error(`${wire}: sent to ${where.join('+') || 'nowhere'}`);
  const scalar = !['object', 'array', 'map'].includes(tree.type);
  let style;
  if (entries.length === 1 && entries[0][1] === wire) {
    const v = entries[0][2];
    if (scalar) style = 'plain';
    else if (typeof v === 'string' && /^[[{]/.test(v)) style = 'json';
    else if (typeof v === 'string') style = 'simple';
    else throw new Error(`${wire}: unexpected value ${JSON.stringify(v)}`);
  } else if (entries.every((e) => e[1].startsWith(wire + '.'))) {
    style = 'flat';
  } else {
    throw new Error(`${wire}: unexpected keys ${entries.map((e) => e[1]).join(' ')}`);
  }
  return { in: where[0], style };
}

const operations = {};
const methods = Object.getOwnPropertyNames(Client.prototype)
  .filter((n) => n.endsWith('WithOptions'))
  .sort();
for (const method of methods) {
  const base = method.slice(0, -'WithOptions'.length);
  const Name = base[0].toUpperCase() + base.slice(1);
  const Req = sdk[`${Name}Request`];
  const Body = sdk[`${Name}ResponseBody`];
  if (!isModel(Body)) throw new Error(`${method}: no response body model`);
  // An operation without parameters has no request model: its method takes only the
  // runtime options.
  const call = (req) => (Req ? client[method](req, {}) : client[method]({}));
  if (Req && !isModel(Req)) throw new Error(`${method}: request model is not a model`);

  await call(Req ? new Req({}) : undefined);
  const p = captured.params;
  const op = {
    method: p.method,
    style: p.style,
    protocol: p.protocol,
    pathname: p.pathname,
    req_body_type: p.reqBodyType,
    body_type: p.bodyType,
    request: {},
    response: modelNode(Body, []).members,
  };
  const reqTree = Req ? modelNode(Req, []).members : {};
  const names = Req ? Req.names() : {};
  const types = Req ? Req.types() : {};
  for (const field of Object.keys(names)) {
    const wire = names[field];
    const one = new Req({ [field]: sample(types[field]) });
    await call(one);
    const { req } = captured;
    const entries = [];
    for (const where of ['query', 'body', 'headers']) {
      for (const [k, v] of Object.entries(req[where] ?? {})) entries.push([where, k, v]);
    }
    op.request[wire] = { ...placement(entries, wire, reqTree[wire]), ...reqTree[wire] };
  }
  if (operations[p.action]) throw new Error(`duplicate action ${p.action}`);
  operations[p.action] = op;
}

// ---- deterministic output -------------------------------------------------------------

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  }
  return v;
}

// Objects holding `members`/`items`/`value` nodes are expanded; leaf nodes stay on one line.
function isLeaf(n) {
  return !(n.members || (n.items && !isLeaf(n.items)) || (n.value && !isLeaf(n.value)));
}

function write(v, indent) {
  const pad = '  '.repeat(indent);
  const inner = '  '.repeat(indent + 1);
  if (v && typeof v === 'object' && !Array.isArray(v) && !(v.type && isLeaf(v))) {
    const keys = Object.keys(v);
    if (keys.length === 0) return '{}';
    return '{\n' + keys.map((k) => `${inner}${JSON.stringify(k)}: ${write(v[k], indent + 1)}`).join(',\n') + `\n${pad}}`;
  }
  return JSON.stringify(v);
}

const snapshot = {
  package: pkgJson.name,
  version: pkgJson.version,
  date: publishDate,
  api_version: '2016-04-28',
  extracted_by: 'xtask/upstream/extract.mjs',
  required_source: 'doc_marker',
  values_source: 'doc_valid_values',
  operations: sortKeys(operations),
};
process.stdout.write(write(snapshot, 0) + '\n');
