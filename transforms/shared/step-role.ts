/**
 * What an original instruction is, as far as splitting stages goes: the vocabulary the
 * transforms share (Python and Rust use a subset). `meta` is EXPOSE, LABEL, VOLUME, STOPSIGNAL,
 * HEALTHCHECK, CMD, ENTRYPOINT and MAINTAINER; the copy roles tell manifests, source, files the
 * command runs and copies from elsewhere (another image, a URL, a heredoc) apart.
 */
export type StepRole =
  | 'arg'
  | 'env'
  | 'workdir'
  | 'user'
  | 'shell'
  | 'meta'
  | 'manifest-copy'
  | 'source-copy'
  | 'asset-copy'
  | 'external-copy'
  | 'run';
