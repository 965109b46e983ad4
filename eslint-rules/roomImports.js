// ESLint rule `rooms/through-index`: under a root folder (src-main/), every folder that has an index.ts is a
// room, and code outside a room may import only that index. A room's other files are its own business, so
// it can rearrange them without breaking anyone, and a reader learns what a room offers from one file.
// Code inside a room must not import its own room's index (or an enclosing room's): that index imports the
// importer back, a cycle that can leave a class undefined while modules are still loading.
// Folders without an index.ts (instruments/psu/, acquisition/capture/sources/) belong to the room around
// them. Relative specifiers only: packages and `shared/` (outside the root) are left to other rules.
import fs from 'node:fs';
import path from 'node:path';

const INDEX_SOURCE = 'index.ts';
const INDEX_SPECIFIER = 'index.js';

/** @type {Map<string, boolean>} */
const roomCache = new Map();

/** @param {string} dir */
function isRoom(dir) {
  let room = roomCache.get(dir);
  if (room === undefined) {
    room = fs.existsSync(path.join(dir, INDEX_SOURCE));
    roomCache.set(dir, room);
  }
  return room;
}

/** @param {string} dir @param {string} inner */
function contains(dir, inner) {
  return inner === dir || inner.startsWith(dir + path.sep);
}

/** @type {import('eslint').Rule.RuleModule} */
export const throughIndex = {
  meta: {
    type: 'problem',
    docs: { description: 'Import another room only through its index.ts, and never your own room’s index.' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: {
      internal:
        "'{{spec}}' reaches inside the room {{room}}/; import it from '{{index}}' (add the export there if it is missing).",
      ownIndex:
        "'{{spec}}' is the index of {{room}}/, which this file is part of; import the module itself to avoid a cycle.",
    },
  },
  create(context) {
    const root = path.resolve(context.cwd, context.options[0]?.root ?? 'src-main');
    const file = path.resolve(context.filename);
    const fromDir = path.dirname(file);
    if (!contains(root, fromDir)) return {};

    /** @param {import('estree').Node} node @param {unknown} spec */
    function check(node, spec) {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.resolve(fromDir, spec);
      const targetDir = path.dirname(target);
      if (!contains(root, targetDir)) return;
      const name = (/** @type {string} */ dir) => path.relative(root, dir) || path.basename(root);
      // Walk down from the root towards the target; the first room the importer is not inside is the one
      // being entered, and only its index may be named.
      let dir = root;
      for (const part of path.relative(root, targetDir).split(path.sep).filter(Boolean)) {
        dir = path.join(dir, part);
        if (contains(dir, fromDir) || !isRoom(dir)) continue;
        if (target !== path.join(dir, INDEX_SPECIFIER)) {
          const index = path.relative(fromDir, path.join(dir, INDEX_SPECIFIER));
          context.report({
            node,
            messageId: 'internal',
            data: { spec, room: name(dir), index: index.startsWith('.') ? index : `./${index}` },
          });
        }
        return;
      }
      const ownIndex =
        path.basename(target) === INDEX_SPECIFIER &&
        isRoom(targetDir) &&
        file !== path.join(targetDir, INDEX_SOURCE);
      if (ownIndex) context.report({ node, messageId: 'ownIndex', data: { spec, room: name(targetDir) } });
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { rules: { 'through-index': throughIndex } };
