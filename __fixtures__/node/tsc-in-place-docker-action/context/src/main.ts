import * as core from '@actions/core';
import { hasReleaseNote } from './lib/notes';

const body = process.env.PR_BODY ?? '';
if (!hasReleaseNote(body)) core.setFailed('the pull request has no release note');
