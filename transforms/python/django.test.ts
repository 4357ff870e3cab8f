import { describe, expect, it } from 'vitest';
import type { BuildContext } from '../../src/core/context.js';
import { readDjango } from './django.js';

function context(files: Record<string, string>): BuildContext {
  return { files: Object.keys(files).sort(), directories: [], contents: new Map(Object.entries(files)) };
}

const MANAGE = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n';

describe('readDjango', () => {
  it('is null without manage.py', () => {
    expect(readDjango(context({ 'app.py': '' }), new Map())).toBeNull();
  });

  it('reads BASE_DIR-relative paths as context paths', () => {
    const facts = readDjango(
      context({
        'manage.py': MANAGE,
        'shop/settings.py': 'BASE_DIR = Path(__file__).resolve().parent.parent\nSTATIC_ROOT = BASE_DIR / "staticfiles"\nMEDIA_ROOT = os.path.join(BASE_DIR, "media")\n',
      }),
      new Map(),
    );
    expect(facts).toEqual({ projectDir: '', staticRoot: { kind: 'context', path: 'staticfiles' }, mediaRoot: { kind: 'context', path: 'media' }, sqlite: false, writtenDirs: [] });
  });

  it('reads the directories the settings make and log into', () => {
    const settings = 'BASE_DIR = Path(__file__).resolve().parent.parent\nLOG_DIR = BASE_DIR / "logs"\nLOG_DIR.mkdir(exist_ok=True)\nLOGGING = {"handlers": {"audit": {"filename": "/var/log/shop/audit.log"}}}\n';
    expect(readDjango(context({ 'manage.py': MANAGE, 'shop/settings.py': settings }), new Map())?.writtenDirs).toEqual([
      { name: 'LOG_DIR', path: { kind: 'context', path: 'logs' } },
      { name: 'LOGGING filename /var/log/shop/audit.log', path: { kind: 'absolute', path: '/var/log/shop' } },
    ]);
  });

  it('does not count a commented-out SQLite DATABASES block', () => {
    const settings = "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql'}}\n# DATABASES = {\n#     'default': {'ENGINE': 'django.db.backends.sqlite3'}\n# }\n";
    expect(readDjango(context({ 'manage.py': MANAGE, 'shop/settings.py': settings }), new Map())?.sqlite).toBe(false);
  });

  it('follows the settings module and its star import, the most specific file winning', () => {
    const facts = readDjango(
      context({
        'manage.py': MANAGE,
        'shop/settings/base.py': 'STATIC_ROOT = BASE_DIR / "static"\nDATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}\n',
        'shop/settings/prod.py': 'from .base import *\nSTATIC_ROOT = "/srv/static"\n',
      }),
      new Map([['DJANGO_SETTINGS_MODULE', 'shop.settings.prod']]),
    );
    expect(facts?.staticRoot).toEqual({ kind: 'absolute', path: '/srv/static' });
    expect(facts?.sqlite).toBe(true);
  });

  it('resolves environment lookups from the Dockerfile ENV, else their default', () => {
    const settings = { 'manage.py': MANAGE, 'shop/settings.py': 'STATIC_ROOT = os.environ.get("STATIC_ROOT", "/vol/static")\n' };
    expect(readDjango(context(settings), new Map())?.staticRoot).toEqual({ kind: 'absolute', path: '/vol/static' });
    expect(readDjango(context(settings), new Map([['STATIC_ROOT', '/data/static']]))?.staticRoot).toEqual({ kind: 'absolute', path: '/data/static' });
  });

  it('says unknown for expressions it cannot read', () => {
    const facts = readDjango(context({ 'manage.py': MANAGE, 'shop/settings.py': 'STATIC_ROOT = compute_root()\n' }), new Map());
    expect(facts?.staticRoot).toEqual({ kind: 'unknown', expression: 'compute_root()' });
  });
});
