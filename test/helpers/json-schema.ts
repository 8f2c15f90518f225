// A small validator for the JSON Schema subset report.schema.json uses (type, const, enum,
// required, properties, items, $ref, allOf, minimum, minLength, pattern), to avoid a dependency.
export interface SchemaNode {
  $ref?: string;
  allOf?: SchemaNode[];
  type?: string;
  const?: unknown;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  minimum?: number;
  minLength?: number;
  pattern?: string;
}

export function validate(root: SchemaNode, node: SchemaNode, value: unknown, path: string): string[] {
  const errors: string[] = [];
  if (node.$ref) {
    const target = node.$ref
      .split('/')
      .slice(1)
      .reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], root) as SchemaNode;
    return validate(root, target, value, path);
  }
  for (const sub of node.allOf ?? []) errors.push(...validate(root, sub, value, path));
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  const typeOk =
    !node.type ||
    (node.type === 'integer'
      ? Number.isInteger(value)
      : node.type === 'array'
        ? Array.isArray(value)
        : node.type === 'object'
          ? isObject
          : typeof value === node.type);
  if (!typeOk) return [...errors, `${path}: expected ${node.type}`];
  if ('const' in node && value !== node.const) errors.push(`${path}: expected ${JSON.stringify(node.const)}`);
  if (node.enum && !node.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not allowed`);
  if (typeof value === 'number' && node.minimum !== undefined && value < node.minimum) errors.push(`${path}: below minimum`);
  if (typeof value === 'string' && node.minLength !== undefined && value.length < node.minLength) errors.push(`${path}: too short`);
  if (typeof value === 'string' && node.pattern && !new RegExp(node.pattern).test(value)) errors.push(`${path}: pattern`);
  if (Array.isArray(value) && node.items) value.forEach((v, i) => errors.push(...validate(root, node.items!, v, `${path}[${i}]`)));
  if (isObject) {
    const obj = value as Record<string, unknown>;
    for (const key of node.required ?? []) if (!(key in obj)) errors.push(`${path}: missing ${key}`);
    for (const [key, sub] of Object.entries(node.properties ?? {}))
      if (key in obj) errors.push(...validate(root, sub, obj[key], `${path}.${key}`));
  }
  return errors;
}
