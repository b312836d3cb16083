"""The pure domain package must import with Django unavailable (the import contract)."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import motcua.domain

ROOT = Path(__file__).resolve().parents[3]


def test_every_domain_module_imports_without_django():
    modules = [m.name for m in pkgutil.iter_modules(motcua.domain.__path__, "motcua.domain.")]
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in {'django', 'holidays', 'rest_framework', 'psycopg'}:\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import motcua.domain\n"
        + "".join(f"import {name}\n" for name in modules)
        + "print('ok', len(sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")
