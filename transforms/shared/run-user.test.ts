import { describe, expect, it } from 'vitest';
import { createUserCommand, isUserCreationLine, runUserSpec } from './run-user.js';

describe('run user per base family', () => {
  it('creates a user with a fixed numeric uid with each family\'s own tools', () => {
    expect(createUserCommand('debian')).toBe('groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app');
    expect(createUserCommand('alpine')).toBe('addgroup -S -g 10001 app && adduser -S -u 10001 -G app -H -s /sbin/nologin app');
    expect(createUserCommand('rhel')).toContain('useradd --system --uid 10001');
    expect(createUserCommand('distroless')).toBeNull();
  });

  it('names the numbers in USER so that runAsNonRoot can verify them', () => {
    expect(runUserSpec('debian')).toBe('10001:10001');
    expect(runUserSpec('distroless')).toBe('65532:65532');
    expect(isUserCreationLine(`RUN ${createUserCommand('alpine')}`)).toBe(true);
    expect(isUserCreationLine('RUN useradd app')).toBe(false);
  });
});
