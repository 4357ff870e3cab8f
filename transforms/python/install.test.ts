import { describe, expect, it } from 'vitest';
import { parse } from 'smol-toml';
import { splitCommands } from '../../src/core/shell.js';
import { classifyCommand, installerCall, runWrapped } from './classify.js';
import { planInstallCommand, type InstallEnvironment } from './install.js';
import { shellQuote, tokenize, withoutTokens } from './tokens.js';

function command(text: string) {
  return splitCommands(text)![0]!;
}

function environment(files: Record<string, string>, overrides: Partial<InstallEnvironment> = {}): InstallEnvironment {
  return {
    workdir: '/app',
    fileAt: (path) => files[path],
    existsAt: (path) => path in files,
    existsAfterSource: (path) => path in files,
    onlyFromContext: true,
    mounted: true,
    generated: new Set(),
    poetryVersion: null,
    parseToml: (text) => {
      try {
        return text.trim() === '' ? null : (parse(text) as Record<string, unknown>);
      } catch {
        return null;
      }
    },
    ...overrides,
  };
}

describe('installerCall', () => {
  it.each([
    ['pip install -r requirements.txt', 'pip'],
    ['pip3.12 install x', 'pip'],
    ['python3 -m pip install x', 'pip'],
    ['/usr/local/bin/python -m pip install x', 'pip'],
    ['uv pip install -r requirements.txt', 'uv-pip'],
    ['/root/.local/bin/poetry install', 'poetry'],
    ['pipenv sync', 'pipenv'],
    ['uv sync --frozen', 'uv'],
  ])('%s is %s', (text, installer) => {
    expect(installerCall(command(text).words)?.installer).toBe(installer);
  });

  it('ignores other programs', () => {
    expect(installerCall(command('python manage.py migrate').words)).toBeNull();
  });
});

describe('classifyCommand', () => {
  it.each([
    ['pip install --no-cache-dir poetry==1.8.3', 'installer-setup'],
    ['pip install --upgrade pip uv', 'installer-setup'],
    ['pip install -U pip setuptools wheel', 'pip-setup'],
    ['pip install -r requirements.txt', 'install'],
    ['pip install gunicorn', 'install'],
    ['poetry config virtualenvs.create false', 'installer-config'],
    ['poetry install --no-root', 'install'],
    ['pipenv install --deploy --system', 'install'],
    ['uv sync --frozen', 'install'],
    ['python -m venv /opt/venv', 'venv'],
    ['pip cache purge', 'cache-clean'],
    ['rm -rf /root/.cache/pip', 'cache-clean'],
    ['rm -rf /var/lib/apt/lists/*', 'system'],
    ['rm requirements.txt', 'cleanup'],
    ['python manage.py collectstatic --noinput', 'build'],
    ['django-admin compilemessages', 'build'],
    ['poetry run python manage.py collectstatic', 'build'],
    ['python -m compileall .', 'build'],
    ['npm run build', 'build'],
    ['python manage.py migrate', 'other'],
    ['mkdir -p /app/media', 'fs-setup'],
    ['curl -sSL https://install.python-poetry.org', 'installer-setup'],
    ['python --version', 'inspect'],
  ])('%s is %s', (text, role) => {
    expect(classifyCommand(command(text), [])).toBe(role);
  });

  it('unwraps the command an installer runs', () => {
    expect(runWrapped(command('uv run --frozen python -m app').words)).toEqual(['python', '-m', 'app']);
  });
});

describe('planInstallCommand: pip', () => {
  it('reads requirements files and their includes, relative to the including file', () => {
    const env = environment({
      '/app/requirements.txt': '-r requirements/base.txt\n-c constraints.txt\ngunicorn\n',
      '/app/requirements/base.txt': '-r common.txt\nflask\n',
      '/app/requirements/common.txt': 'click\n',
      '/app/constraints.txt': 'werkzeug<3\n',
    });
    const plan = planInstallCommand(command('pip install --no-cache-dir -r requirements.txt'), env);
    expect(plan.reads).toEqual(['/app/requirements.txt', '/app/requirements/base.txt', '/app/requirements/common.txt', '/app/constraints.txt']);
    expect(plan.before).toBe('pip install -r requirements.txt');
    expect(plan.after).toBeNull();
  });

  it('keeps --no-cache-dir when no cache mount is added', () => {
    const plan = planInstallCommand(command('pip install --no-cache-dir -r requirements.txt'), environment({ '/app/requirements.txt': 'x\n' }, { mounted: false }));
    expect(plan.inPlace).toBe('pip install --no-cache-dir -r requirements.txt');
  });

  it('drops --user, since the virtualenv is where packages go', () => {
    const plan = planInstallCommand(command('pip install --user -r requirements.txt'), environment({ '/app/requirements.txt': 'x\n' }));
    expect(plan.inPlace).toBe('pip install -r requirements.txt');
    expect(plan.changes.map((change) => change.id)).toContain('virtualenv');
  });

  it('needs the source for a local path in the requirements', () => {
    const plan = planInstallCommand(command('pip install -r requirements.txt'), environment({ '/app/requirements.txt': '-e .\nflask\n' }));
    expect(plan.before).toBeNull();
    expect(plan.after).toBe('pip install -r requirements.txt');
  });

  it('installs static [project] dependencies before the source, and the project after', () => {
    const pyproject = '[project]\nname = "api"\nversion = "1"\ndependencies = ["fastapi>=0.110", "uvicorn[standard]"]\n[project.optional-dependencies]\nserver = ["gunicorn"]\n';
    const plan = planInstallCommand(command('pip install --no-cache-dir ".[server]"'), environment({ '/app/pyproject.toml': pyproject }));
    expect(plan.before).toBe("pip install 'fastapi>=0.110' 'uvicorn[standard]' gunicorn");
    expect(plan.after).toBe('pip install ".[server]"');
  });

  it('copies the source first when the dependencies are dynamic', () => {
    const plan = planInstallCommand(command('pip install .'), environment({ '/app/pyproject.toml': '[project]\nname = "api"\nversion = "1"\ndynamic = ["dependencies"]\n' }));
    expect(plan.before).toBeNull();
    expect(plan.after).toBe('pip install .');
  });

  it('refuses --target, whose packages would live outside a virtualenv', () => {
    expect(planInstallCommand(command('pip install --target=/deps -r requirements.txt'), environment({})).refusal).toMatch(/outside a virtualenv/);
  });
});

describe('planInstallCommand: Poetry, Pipenv, uv', () => {
  const poetryProject = '[tool.poetry]\nname = "svc"\nversion = "1"\n[tool.poetry.dependencies]\npython = "^3.12"\n[tool.poetry.group.dev.dependencies]\npytest = "*"\n[tool.poetry.group.docs]\noptional = true\n[tool.poetry.group.docs.dependencies]\nmkdocs = "*"\n';

  it('installs the dependencies with --no-root first, without the non-optional dev groups', () => {
    const plan = planInstallCommand(command('poetry install --no-interaction'), environment({ '/app/pyproject.toml': poetryProject, '/app/poetry.lock': '', '/app/svc/__init__.py': '' }));
    expect(plan.before).toBe('poetry install --no-interaction --without dev --no-root');
    expect(plan.after).toBe('poetry install --no-interaction --without dev');
    expect(plan.reads).toEqual(['/app/pyproject.toml', '/app/poetry.lock']);
  });

  it('installs with --no-root alone, in place too, when the context has no package for the project', () => {
    const plan = planInstallCommand(command('poetry install'), environment({ '/app/pyproject.toml': poetryProject, '/app/poetry.lock': '', '/app/main.py': '' }));
    expect([plan.before, plan.after, plan.inPlace]).toEqual(['poetry install --without dev --no-root', null, 'poetry install --without dev --no-root']);
    expect(plan.changes.map((change) => change.id)).toEqual(['prod-deps-only', 'poetry-no-root']);
    const src = planInstallCommand(command('poetry install'), environment({ '/app/pyproject.toml': poetryProject, '/app/poetry.lock': '', '/app/src/svc.py': '' }));
    expect(src.after).toBe('poetry install --without dev');
    const listed = `${poetryProject.replace('version = "1"\n', 'version = "1"\npackages = [{ include = "service", from = "lib" }]\n')}`;
    expect(planInstallCommand(command('poetry install'), environment({ '/app/pyproject.toml': listed, '/app/svc/__init__.py': '' })).after).toBeNull();
    expect(planInstallCommand(command('poetry install'), environment({ '/app/pyproject.toml': listed, '/app/lib/service/__init__.py': '' })).after).toBe('poetry install --without dev');
  });

  it('uses --no-dev for a pinned Poetry older than 1.2', () => {
    const plan = planInstallCommand(command('poetry install'), environment({ '/app/pyproject.toml': poetryProject, '/app/poetry.lock': '', '/app/svc/__init__.py': '' }, { poetryVersion: [1, 1, 13] }));
    expect(plan.after).toBe('poetry install --no-dev');
  });

  it('keeps the groups the original chose, and warns without a lockfile', () => {
    const plan = planInstallCommand(command('poetry install --only main --no-root'), environment({ '/app/pyproject.toml': poetryProject }));
    expect(plan.before).toBe('poetry install --only main --no-root');
    expect(plan.after).toBeNull();
    expect(plan.warnings.map((warning) => warning.id)).toEqual(['no-lockfile']);
  });

  it('makes pipenv follow the lockfile into the virtualenv', () => {
    const plan = planInstallCommand(command('pipenv install --system'), environment({ '/app/Pipfile': '[packages]\nflask = "*"\n', '/app/Pipfile.lock': '{}' }));
    expect(plan.before).toBe('pipenv install --deploy');
  });

  it('locks uv sync, leaves dev dependencies out and installs the project after the source', () => {
    const pyproject = '[project]\nname = "svc"\nversion = "1"\ndependencies = []\n[dependency-groups]\ndev = ["pytest"]\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n';
    const plan = planInstallCommand(command('uv sync'), environment({ '/app/pyproject.toml': pyproject, '/app/uv.lock': '' }));
    expect(plan.before).toBe('uv sync --locked --no-dev --no-install-project');
    expect(plan.after).toBe('uv sync --locked --no-dev');
  });
});

describe('tokens', () => {
  it('keeps every other byte when a word is dropped', () => {
    const text = `pip install --no-cache-dir "uvicorn[standard]" -i "$INDEX"`;
    const tokens = tokenize(text);
    expect(tokens.map((token) => token.value)).toEqual(['pip', 'install', '--no-cache-dir', 'uvicorn[standard]', '-i', '$INDEX']);
    expect(withoutTokens(text, [tokens[2]!])).toBe(`pip install "uvicorn[standard]" -i "$INDEX"`);
  });

  it('quotes only what the shell would read', () => {
    expect(shellQuote('gunicorn==22.0')).toBe('gunicorn==22.0');
    expect(shellQuote('httpx>=0.27,<1')).toBe("'httpx>=0.27,<1'");
    expect(shellQuote(`tomli; python_version < '3.11'`)).toBe(`"tomli; python_version < '3.11'"`);
  });
});
