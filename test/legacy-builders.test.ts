import { describe, expect, it } from 'vitest';
import { legacyBuilderWarnings } from '../src/pipeline/legacy-builders.js';

const places = (files: Record<string, string>, dockerfile = 'Dockerfile') =>
  legacyBuilderWarnings({ dockerfile, files: new Map(Object.entries(files)) }, true).map((warning) => warning.message.split(' ')[0]);

describe('legacyBuilderWarnings', () => {
  it('names the Cloud Build step that builds this Dockerfile with the docker builder', () => {
    const config = 'steps:\n- name: gcr.io/cloud-builders/docker\n  args: [build, -t, app, .]\n- name: gcr.io/cloud-builders/docker\n  args: [build, -f, web/Dockerfile, web]\n';
    expect(places({ 'cloudbuild.yaml': config })).toEqual(['cloudbuild.yaml:2']);
    expect(places({ 'cloudbuild.yaml': config }, 'web/Dockerfile')).toEqual(['cloudbuild.yaml:4']);
    expect(places({ 'cloudbuild.yaml': config }, 'api/Dockerfile')).toEqual([]);
  });

  it('reads JSON configs, script steps and the step directory', () => {
    const json = JSON.stringify({ steps: [{ name: 'gcr.io/cloud-builders/docker', dir: 'api', args: ['build', '--tag=api', '.'] }] });
    expect(places({ 'cloudbuild.json': json }, 'api/Dockerfile')).toEqual(['cloudbuild.json:1']);
    const script = "steps:\n- name: gcr.io/cloud-builders/docker\n  entrypoint: bash\n  args: ['-c', 'docker build -t app:$$SHORT_SHA . && docker push app:$$SHORT_SHA']\n";
    expect(places({ 'cloudbuild.yaml': script })).toEqual(['cloudbuild.yaml:2']);
  });

  it('is quiet where BuildKit is on or buildx builds', () => {
    expect(places({ 'cloudbuild.yaml': 'steps:\n- name: gcr.io/cloud-builders/docker\n  env: [DOCKER_BUILDKIT=1]\n  args: [build, .]\n' })).toEqual([]);
    expect(places({ 'cloudbuild.yaml': 'options:\n  env: [DOCKER_BUILDKIT=1]\nsteps:\n- name: gcr.io/cloud-builders/docker\n  args: [build, .]\n' })).toEqual([]);
    expect(places({ 'cloudbuild.yaml': 'steps:\n- name: gcr.io/cloud-builders/docker\n  args: [buildx, build, .]\n' })).toEqual([]);
    expect(places({ '.travis.yml': 'env:\n  global:\n    - DOCKER_BUILDKIT=1\nscript:\n  - docker build -t app .\n' })).toEqual([]);
    expect(places({ '.travis.yml': 'script:\n  - docker buildx build -t app .\n' })).toEqual([]);
    expect(places({ Jenkinsfile: "withEnv(['DOCKER_BUILDKIT=1']) {\n  docker.build('app')\n}\n" })).toEqual([]);
  });

  it("reads Travis scripts and a Jenkinsfile's docker.build and sh steps", () => {
    expect(places({ '.travis.yml': 'script:\n  - npm test\n  - docker build -f Dockerfile -t app .\n' })).toEqual(['.travis.yml:3']);
    expect(places({ Jenkinsfile: "node {\n  // docker.build('old')\n  docker.build('app:1', '-f deploy/Dockerfile .')\n}\n" }, 'deploy/Dockerfile')).toEqual(['Jenkinsfile:3']);
    expect(places({ Jenkinsfile: "node {\n  sh 'docker build -t app web'\n}\n" }, 'Dockerfile')).toEqual([]);
    expect(places({ Jenkinsfile: "node {\n  dir('web') {\n    docker.build('app')\n  }\n}\n" }, 'web/Dockerfile')).toEqual(['Jenkinsfile:3']);
  });

  it('reads every trigger config and a Jenkinsfile of any case', () => {
    const step = 'steps:\n- name: gcr.io/cloud-builders/docker\n  args: [build, .]\n';
    expect(places({ 'cloudbuild-push.yaml': step, 'cloudbuild1.yml': step, 'deploy/CloudBuild.prod.json': step })).toEqual(['cloudbuild-push.yaml:2', 'cloudbuild1.yml:2', 'deploy/CloudBuild.prod.json:2']);
    expect(places({ jenkinsfile: 'stage("docker image build") {\n  sh "docker build -t app:latest ."\n}\n' })).toEqual(['jenkinsfile:2']);
    expect(places({ Jenkinsfile: "stage('image') {\n  sh '''\n    make test\n    docker build -t app .\n  '''\n  echo 'docker build done'\n}\n" })).toEqual(['Jenkinsfile:4']);
  });

  it('gives nothing when the output adds no mount, or the YAML is broken', () => {
    expect(legacyBuilderWarnings({ dockerfile: 'Dockerfile', files: new Map([['.travis.yml', 'script:\n  - docker build .\n']]) }, false)).toEqual([]);
    expect(places({ 'cloudbuild.yaml': 'steps: [\n' })).toEqual([]);
  });
});
