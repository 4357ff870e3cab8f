import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../shared/image-ref.js';
import { readJdk, runtimeFor } from './images.js';

function runtime(image: string) {
  const read = readJdk(image);
  if (!read.ok) return read.reason;
  const result = runtimeFor(read.jdk, parseImageRef(image));
  return result.ok ? `${result.runtime.image} ${result.runtime.family}` : result.reason;
}

describe('java runtime images', () => {
  it.each([
    ['maven:3.9-eclipse-temurin-17', 'eclipse-temurin:17-jre ubuntu'],
    ['maven:3.9.9-eclipse-temurin-21-alpine', 'eclipse-temurin:21-jre-alpine alpine'],
    ['maven:3-eclipse-temurin-17-focal', 'eclipse-temurin:17-jre-focal ubuntu'],
    ['gradle:8-jdk21', 'eclipse-temurin:21-jre ubuntu'],
    ['gradle:8.10-jdk17-alpine', 'eclipse-temurin:17-jre-alpine alpine'],
    ['gradle:jdk21-jammy', 'eclipse-temurin:21-jre-jammy ubuntu'],
    ['eclipse-temurin:21-jdk', 'eclipse-temurin:21-jre ubuntu'],
    ['eclipse-temurin:17.0.12_7-jdk-noble', 'eclipse-temurin:17-jre-noble ubuntu'],
    ['registry.example.com/library/eclipse-temurin:17-jdk', 'registry.example.com/library/eclipse-temurin:17-jre ubuntu'],
    ['openjdk:17', 'eclipse-temurin:17-jre ubuntu'],
    ['openjdk:11-jdk-slim', 'eclipse-temurin:11-jre ubuntu'],
    ['openjdk:8-jdk-alpine', 'eclipse-temurin:8-jre-alpine alpine'],
    ['amazoncorretto:17', 'amazoncorretto:17 rhel'],
    ['amazoncorretto:21-alpine', 'amazoncorretto:21-alpine alpine'],
    ['maven:3.9-amazoncorretto-17', 'amazoncorretto:17 rhel'],
    ['maven:3.9-amazoncorretto-21-al2023', 'amazoncorretto:21-al2023 rhel'],
    ['maven:3.6.3-jdk-11-slim', 'eclipse-temurin:11-jre ubuntu'],
    ['maven:3.6-jdk-8-alpine', 'eclipse-temurin:8-jre-alpine alpine'],
    ['maven:3.6.3-adoptopenjdk-8', 'eclipse-temurin:8-jre ubuntu'],
  ])('%s runs on %s', (image, expected) => {
    expect(runtime(image)).toBe(expected);
  });

  it.each([
    ['maven:3.9', /names no JDK/],
    ['gradle:8', /names no JDK major/],
    ['eclipse-temurin:17-jre', /JRE, which cannot build/],
    ['eclipse-temurin:21-jdk-ubi9-minimal', /ubi9-minimal variant/],
    ['openjdk:19', /no eclipse-temurin JRE image for Java 19/],
    ['maven:3.9-amazoncorretto-17-debian', /no debian image/],
  ])('%s is refused', (image, reason) => {
    expect(runtime(image)).toMatch(reason);
  });
});
