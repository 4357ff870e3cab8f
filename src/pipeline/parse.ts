import {
  Copy,
  DockerfileParser,
  ModifiableInstruction,
  PropertyInstruction,
  Run,
  type Instruction as AstInstruction,
} from 'dockerfile-ast';
import {
  KNOWN_KEYWORDS,
  type Directive,
  type Instruction,
  type InstructionFlag,
  type ParsedDockerfile,
  type Stage,
} from '../core/dockerfile.js';
import { lineStartOf, offsetAt, sourceFromText, type SourceText } from '../core/source.js';
import { FileProblem } from '../core/status.js';
import './ast-arguments-cache.js';

/**
 * Parses a Dockerfile into instructions that keep their exact original text. Throws a
 * FileProblem (status `error`) for text that is not a Dockerfile.
 */
export function parseDockerfile(rawText: string): ParsedDockerfile {
  const source = sourceFromText(rawText);
  if (source.text.trim() === '') throw new FileProblem('error', 'the file is empty');
  const ast = DockerfileParser.parse(source.text);
  const astInstructions = ast.getInstructions();

  const directives: Directive[] = ast.getDirectives().map((directive) => ({
    name: directive.getName().toLowerCase(),
    value: directive.getValue(),
    raw: lineText(source, directive.getRange().start.line),
  }));
  const firstContentLine = directives.length;

  const commentLines = new Set(
    ast
      .getComments()
      .map((comment) => comment.getRange().start.line)
      .filter((line) => line >= firstContentLine),
  );

  const instructions: Instruction[] = [];
  let previousEndLine = firstContentLine - 1;
  let stage = -1;
  // BuildKit's ConsistentInstructionCasing counts only keywords written all in one case.
  let lowercase = 0;
  let uppercase = 0;
  for (const [index, node] of astInstructions.entries()) {
    const keyword = node.getKeyword();
    const range = node.getRange();
    if (!KNOWN_KEYWORDS.has(keyword)) {
      throw new FileProblem(
        'error',
        `not a Dockerfile: line ${range.start.line + 1} starts with unknown instruction "${node.getInstruction()}"`,
      );
    }
    if (keyword === 'FROM') stage++;
    else if (stage < 0 && keyword !== 'ARG') {
      throw new FileProblem('error', `not a Dockerfile: line ${range.start.line + 1} has ${keyword} before the first FROM`);
    }
    const written = node.getInstruction();
    if (written === keyword) uppercase++;
    else if (written === keyword.toLowerCase()) lowercase++;

    const leading = collectLeading(source, commentLines, previousEndLine + 1, range.start.line);
    instructions.push(toInstruction(source, node, index, stage, leading, commentLines));
    previousEndLine = range.end.line;
  }
  if (!instructions.some((instruction) => instruction.keyword === 'FROM')) {
    throw new FileProblem('error', 'not a Dockerfile: it has no FROM instruction');
  }
  const trailing = collectLeading(source, commentLines, previousEndLine + 1, source.lineStarts.length);

  return {
    source,
    directives,
    escape: ast.getEscapeCharacter(),
    instructions,
    globalArgs: instructions.filter((instruction) => instruction.stage < 0),
    stages: groupStages(instructions),
    trailingComments: trailing.comments,
    lowercaseKeywords: lowercase > uppercase,
  };
}

function groupStages(instructions: readonly Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.stage < 0) continue;
    if (instruction.keyword === 'FROM') {
      stages.push({ index: instruction.stage, from: instruction, name: stageName(instruction), instructions: [] });
    }
    (stages[instruction.stage]!.instructions as Instruction[]).push(instruction);
  }
  return stages;
}

function stageName(from: Instruction): string | null {
  const words = from.args;
  const as = words.findIndex((word) => word.toUpperCase() === 'AS');
  return as >= 0 ? (words[as + 1] ?? null) : null;
}

interface Leading {
  comments: string[];
  blankBefore: boolean;
}

function collectLeading(source: SourceText, commentLines: Set<number>, fromLine: number, toLine: number): Leading {
  const comments: string[] = [];
  let blankBefore = false;
  // A blank line between two comment blocks stays, as an empty entry, so the blocks are not run together when they move.
  let gap = false;
  for (let line = Math.max(fromLine, 0); line < toLine; line++) {
    if (commentLines.has(line)) {
      if (gap) comments.push('');
      gap = false;
      comments.push(lineText(source, line));
    } else if (lineText(source, line).trim() === '' && line < source.lineStarts.length - 1) {
      if (comments.length === 0) blankBefore = true;
      else gap = true;
    }
  }
  return { comments, blankBefore };
}

function lineText(source: SourceText, line: number): string {
  const start = lineStartOf(source, line);
  let end = source.text.indexOf('\n', start);
  if (end === -1) end = source.text.length;
  if (end > start && source.text[end - 1] === '\r') end--;
  return source.text.slice(start, end);
}

function toInstruction(
  source: SourceText,
  node: AstInstruction,
  index: number,
  stage: number,
  leading: Leading,
  commentLines: Set<number>,
): Instruction {
  const range = node.getRange();
  const lineStart = lineStartOf(source, range.start.line);
  const end = offsetAt(source, range.end);
  const keyword = node.getKeyword();
  const relative = (position: { line: number; character: number }) => offsetAt(source, position) - lineStart;

  const flags: InstructionFlag[] =
    node instanceof ModifiableInstruction
      ? node.getFlags().map((flag) => ({
          name: flag.getName(),
          value: flag.getValue(),
          start: relative(flag.getRange().start),
          end: relative(flag.getRange().end),
        }))
      : [];

  const innerComments: string[] = [];
  for (let line = range.start.line + 1; line <= range.end.line; line++) {
    if (commentLines.has(line)) innerComments.push(lineText(source, line));
  }

  const properties =
    node instanceof PropertyInstruction
      ? node.getProperties().map((property) => [property.getName(), property.getValue()] as const)
      : [];

  const argsText = withoutInnerComments(node.getArgumentsContent() ?? '', innerComments);
  const raw = source.text.slice(lineStart, end);
  // dockerfile-ast rescans the instruction for each accessor; no here-document comes without
  // `<<` and no variable without `$`, and skipping the other scans makes parsing a sixth faster.
  // Only RUN and COPY expose here-documents publicly; other instructions cannot carry one.
  const heredocs = (node instanceof Run || node instanceof Copy) && raw.includes('<<') ? node.getHeredocs() : [];
  // An unclosed here-document runs to the end of the file, whose last line break it then owns:
  // no builder reads such a file, and a printed copy of it would gain a line.
  const unclosed = heredocs.find((heredoc) => heredoc.getDelimiterRange() === null);
  if (unclosed) {
    throw new FileProblem('error', `not a Dockerfile: the here-document <<${unclosed.getName()} on line ${range.start.line + 1} is never closed`);
  }
  const heredoc = heredocs.length > 0;

  return {
    index,
    keyword,
    line: range.start.line,
    lineStart,
    end,
    raw,
    argsOffset: argumentsOffset(source.text, relative(node.getInstructionRange().end) + lineStart) - lineStart,
    args: node.getArguments().map((argument) => argument.getValue()),
    argsText,
    flags,
    properties,
    json: execForm(keyword, argsText),
    heredoc,
    variables: raw.includes('$') ? [...new Set(node.getVariables().map((variable) => variable.getName()))] : [],
    comments: leading.comments,
    innerComments,
    blankBefore: leading.blankBefore,
    stage,
  };
}

/** dockerfile-ast leaves the comment lines of a multi-line instruction in its arguments; the builder drops them. */
function withoutInnerComments(text: string, comments: readonly string[]): string {
  let out = text;
  for (const comment of comments) {
    const at = out.indexOf(comment.trim());
    if (at < 0) continue;
    const end = at + comment.trim().length;
    out = out.slice(0, at) + out.slice(out[end] === '\n' ? end + 1 : end);
  }
  return out;
}

function argumentsOffset(text: string, afterKeyword: number): number {
  let offset = afterKeyword;
  while (text[offset] === ' ' || text[offset] === '\t') offset++;
  return offset;
}

// COPY and ADD take the JSON array form too (`COPY ["package.json", "package-lock.json*", "./"]`).
const EXEC_FORM_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'HEALTHCHECK', 'COPY', 'ADD']);

/** The JSON array of an exec-form instruction, or null for the shell form. */
function execForm(keyword: string, argsText: string): string[] | null {
  if (!EXEC_FORM_KEYWORDS.has(keyword)) return null;
  let text = argsText.trim();
  if (keyword === 'HEALTHCHECK') {
    // The parser leaves HEALTHCHECK's flags out of the arguments, so they start with CMD or NONE.
    if (text.slice(0, 4).toUpperCase() !== 'CMD ') return null;
    text = text.slice(4).trim();
  }
  if (!text.startsWith('[')) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.every((word) => typeof word === 'string')) return value;
  } catch {
    // Not valid JSON: Docker runs it in the shell form too.
  }
  return null;
}
