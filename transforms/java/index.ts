import type { Transform } from '../../src/core/transform.js';
import { ownWrittenPaths } from '../shared/app-owner.js';
import { dockerfileWrittenPaths } from '../shared/written-paths.js';
import { detectJava, looksLikeJava } from './detect.js';
import { planJava } from './plan.js';

export const java: Transform = {
  meta: {
    id: 'java',
    description: 'Java on the maven, gradle, eclipse-temurin, openjdk and amazoncorretto images: Spring Boot and thin jars, Gradle installDist, run on a JRE of the same major',
    reads: ['pom.xml', 'build.gradle', 'build.gradle.kts', '/settings.gradle', '/settings.gradle.kts', '/gradle.properties'],
    messages: {
      'split-stages': 'stages {stages}',
      'runtime-base': 'production stage runs on {image}',
      'runtime-jdk': 'Corretto publishes no JRE image for Java {major}, so production runs the Corretto JDK image',
      'deprecated-image': 'the openjdk images are deprecated; production runs on {image}',
      'manifest-first': '{files} copied before the source, and the dependencies fetched',
      'cache-mount': '{tool} cache {target} is a cache mount for the pre-fetch and the build',
      artifact: 'production copies {artifact} from the builder',
      'runtime-config': 'Spring configuration {files} reaches production',
      'runtime-packages': 'production installs {packages}, which the programs the container calls need',
      'non-root': 'production runs as {user}',
      'privileged-port': 'EXPOSE {ports}: a non-root user may not bind ports below 1024 outside Docker',
      'runtime-files': 'production has {artifact} but not the rest of the source',
    },
  },
  match(input) {
    const reason = looksLikeJava(input);
    return reason ? { matches: true, reason } : { matches: false, reason: 'no Java build image and no Maven or Gradle build' };
  },
  plan(input) {
    const detection = detectJava(input);
    if (!detection.ok) return detection;
    return ownWrittenPaths(planJava(input, detection.facts), dockerfileWrittenPaths(input.dockerfile.stages.at(-1)!.instructions));
  },
};
