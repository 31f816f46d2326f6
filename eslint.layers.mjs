// The direction of imports between the app's folders (see docs/architecture.md), as a lint rule:
// functions/ and orchestrations/ → shared/<feature>/ → shared/platform/; between features the
// dependent one imports the other, never both ways; devhost/ and the app never import each other.
import path from 'node:path';

/** Each folder, and the folders its files may import (their own folder always included). */
export const LAYERS = [
  { dir: 'shared/platform/', may: [] },
  { dir: 'shared/identity/', may: ['shared/platform/'] },
  { dir: 'shared/catalog/', may: ['shared/identity/', 'shared/platform/'] },
  { dir: 'shared/usage/', may: ['shared/identity/', 'shared/platform/'] },
  { dir: 'shared/purchasing/', may: ['shared/catalog/', 'shared/identity/', 'shared/platform/'] },
  {
    dir: 'shared/approvals/',
    may: ['shared/purchasing/', 'shared/catalog/', 'shared/identity/', 'shared/platform/'],
  },
  // the AI engine reads the catalog, usage and people; nothing below it imports it
  {
    dir: 'shared/ai/',
    may: ['shared/catalog/', 'shared/usage/', 'shared/identity/', 'shared/platform/'],
  },
  // purchase templates (F4): what a role needs, requested as one purchase request
  {
    dir: 'shared/templates/',
    may: ['shared/purchasing/', 'shared/catalog/', 'shared/identity/', 'shared/platform/'],
  },
  // new-hire onboarding: the JD match, templates and a purchase request for the hire
  {
    dir: 'shared/onboarding/',
    may: [
      'shared/ai/',
      'shared/templates/',
      'shared/approvals/',
      'shared/purchasing/',
      'shared/catalog/',
      'shared/usage/',
      'shared/identity/',
      'shared/platform/',
    ],
  },
  { dir: 'orchestrations/', may: ['shared/'] },
  { dir: 'functions/', may: ['orchestrations/', 'shared/'] },
  { dir: 'devhost/', may: [] },
  // the portal talks to the app over HTTP only
  { dir: 'web/', may: [] },
  { dir: 'scripts/', may: ['shared/', 'devhost/'] },
  {
    dir: 'test/',
    may: ['functions/', 'orchestrations/', 'shared/', 'devhost/', 'scripts/', 'eslint.layers.mjs'],
  },
];

function layerOf(relativeFile) {
  return LAYERS.find((layer) => relativeFile.startsWith(layer.dir));
}

/** @type {import('eslint').Rule.RuleModule} */
const importDirection = {
  meta: {
    type: 'problem',
    docs: { description: 'imports point one way between the layout folders' },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    const from = layerOf(file);
    if (!from) return {};
    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = path
        .relative(root, path.resolve(path.dirname(context.filename), specifier))
        .split(path.sep)
        .join('/');
      if (target.startsWith(from.dir)) return;
      // A shared feature folder not listed yet may use the platform only.
      const allowed = [...from.may];
      if (allowed.some((dir) => target.startsWith(dir) || `${target}/`.startsWith(dir))) return;
      context.report({
        node,
        message: `${from.dir} may not import ${target} (allowed: ${[from.dir, ...allowed].join(', ')}); see docs/architecture.md.`,
      });
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
    };
  },
};

export const layoutPlugin = { rules: { 'import-direction': importDirection } };
