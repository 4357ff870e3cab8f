import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/**
 * Every warning id the code can report, read from the sources with the TypeScript parser: the
 * ids of the findings that go into a warnings list, whether pushed (`warnings.push({ id: ... })`,
 * `warnings.push(finding('non-root.writes'))`, whose id is the part before the dot) or written
 * into one (`warnings: [...]`, `const warnings = [...]`), or returned by a function declared to
 * give a Warning (or null) or a Warning[]. Derived, not listed, so that a new id
 * shows up as undocumented the moment it is written.
 */
export function warningIdsInCode(project: string): Map<string, string[]> {
  const ids = new Map<string, string[]>();
  for (const file of sourceFiles(project)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const add = (id: string) => {
      const where = file.slice(project.length + 1);
      ids.set(id, [...new Set([...(ids.get(id) ?? []), where])]);
    };
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'push' && isWarnings(node.expression.expression)) {
        node.arguments.forEach((argument) => collect(argument, add));
      } else if ((ts.isPropertyAssignment(node) || ts.isVariableDeclaration(node)) && isWarningsName(node.name) && node.initializer) {
        collect(node.initializer, add);
      } else if (ts.isFunctionDeclaration(node) && node.type && /^(?:readonly )?Warning(?:\[\])?(?: \| null)?$/.test(node.type.getText()) && node.body) {
        // A function declared to give warnings (`legacyBuilderWarnings(): Warning[]`): what it returns is reported.
        collectReturns(node.body, add);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return new Map([...ids].sort(([a], [b]) => a.localeCompare(b)));
}

function isWarnings(expression: ts.Expression): boolean {
  return (ts.isIdentifier(expression) && isWarningsName(expression)) || (ts.isPropertyAccessExpression(expression) && expression.name.text === 'warnings');
}

function isWarningsName(name: ts.Node): boolean {
  return ts.isIdentifier(name) && name.text === 'warnings';
}

function collectReturns(node: ts.Node, add: (id: string) => void): void {
  if (ts.isReturnStatement(node) && node.expression) collect(node.expression, add);
  // A nested function's returns are its own.
  if (!ts.isFunctionDeclaration(node)) ts.forEachChild(node, (child) => collectReturns(child, add));
}

/** The ids of the findings written in `node`: `{ id: '...' }` literals and `finding('...')` calls. */
function collect(node: ts.Node, add: (id: string) => void): void {
  if (ts.isObjectLiteralExpression(node)) {
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === 'id' && ts.isStringLiteralLike(property.initializer)) add(property.initializer.text);
    }
  }
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'finding') {
    const [first] = node.arguments;
    if (first && ts.isStringLiteralLike(first)) add(first.text.split('.')[0]!);
  }
  ts.forEachChild(node, (child) => collect(child, add));
}

function sourceFiles(project: string): string[] {
  return ['src', 'transforms'].flatMap((folder) =>
    readdirSync(join(project, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      .map((entry) => join(entry.parentPath, entry.name)),
  );
}
