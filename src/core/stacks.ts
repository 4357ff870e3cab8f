/**
 * Stacks dfmod can recognise, with or without a transform: used to say what was found when no
 * transform takes a file ("Go build detected; no transform for go yet").
 */
export interface Stack {
  readonly id: string;
  readonly label: string;
  /** Last path component of base images that carry the toolchain. */
  readonly images: readonly string[];
  /** First words of RUN commands that install dependencies or build. */
  readonly tools: readonly string[];
}

export const STACKS: readonly Stack[] = [
  { id: 'node', label: 'Node.js', images: ['node'], tools: ['npm', 'yarn', 'pnpm', 'npx', 'corepack', 'bun'] },
  { id: 'go', label: 'Go', images: ['golang', 'go'], tools: ['go'] },
  { id: 'rust', label: 'Rust', images: ['rust'], tools: ['cargo', 'rustc', 'rustup'] },
  { id: 'python', label: 'Python', images: ['python', 'pypy'], tools: ['pip', 'pip3', 'poetry', 'pipenv', 'uv', 'python', 'python3'] },
  { id: 'java', label: 'Java', images: ['maven', 'gradle', 'openjdk', 'eclipse-temurin', 'amazoncorretto'], tools: ['mvn', './mvnw', 'gradle', './gradlew', 'javac'] },
  { id: 'dotnet', label: '.NET', images: ['sdk'], tools: ['dotnet'] },
  { id: 'ruby', label: 'Ruby', images: ['ruby'], tools: ['bundle', 'gem', 'rake'] },
  { id: 'php', label: 'PHP', images: ['php', 'composer'], tools: ['composer', 'docker-php-ext-install', 'pecl'] },
  { id: 'elixir', label: 'Elixir', images: ['elixir'], tools: ['mix'] },
  { id: 'c', label: 'C/C++', images: ['gcc'], tools: ['make', 'cmake', 'gcc', 'g++', './configure'] },
];
