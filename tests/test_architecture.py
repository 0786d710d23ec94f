"""How the apps may depend on each other, checked on the code as it is (no database, no services).

The contracts are in pyproject.toml ([tool.importlinter]); import-linter reads every import, including
those inside functions, so an import moved into a function to dodge a cycle is still a cycle.
"""

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["intranet", "search", "sync", "cms"]


def lint_imports(root):
    """lint-imports' exit code and report for the packages under `root`, with the contracts found there."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "--no-logo", "--config", "pyproject.toml"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout + result.stderr


def test_apps_depend_one_way_and_models_never_import_views():
    returncode, report = lint_imports(ROOT)
    assert returncode == 0, "An import breaks the app boundaries in pyproject.toml:\n" + report
    assert "0 broken" in report


def test_the_contracts_catch_cycles_hidden_in_functions_and_a_model_importing_a_view(tmp_path):
    """The same contracts on a copy of the code with three bad imports added: each is reported by name."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with open(tmp_path / "intranet" / "organisation" / "services.py", "a") as services:
        # organisation is the bottom layer; ownership builds on it.
        services.write(
            "\n\ndef _owners():\n    from intranet.ownership.services import owned_models\n\n    return owned_models\n"
        )
    with open(tmp_path / "intranet" / "ownership" / "models.py", "a") as models:
        # ownership.services imports the models.
        models.write("\n\ndef _owned():\n    from .services import owned_models\n\n    return owned_models\n")
    with open(tmp_path / "intranet" / "archive" / "models.py", "a") as models:
        models.write("\n\nimport intranet.archive.views  # noqa: E402\n")

    returncode, report = lint_imports(tmp_path)

    assert returncode == 1, report
    assert "intranet.organisation is not allowed to import intranet.ownership" in report
    assert "intranet.organisation.services -> intranet.ownership.services" in report
    assert "No cycles are allowed in intranet.ownership" in report
    assert "intranet.archive.models is not allowed to import intranet.archive.views" in report


def our_commands():
    return {
        path.stem
        for package in PACKAGES
        for path in (ROOT / package).rglob("management/commands/*.py")
        if path.stem != "__init__"
    }


def test_tasks_call_the_service_our_commands_call_instead_of_the_command():
    """A task that runs a command of ours depends on its output and exit code: both call one service function."""
    commands = our_commands()
    assert {"archive_overdue_pages", "send_review_reminders", "sync_directory"} <= commands
    offenders = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("tasks.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", getattr(node.func, "attr", None)) == "call_command"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and node.args[0].value in commands
                ):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} runs `{node.args[0].value}`")
    assert not offenders, "Tasks running our own commands:\n" + "\n".join(offenders)


def test_people_are_named_by_display_name_alone():
    """One rule for a person's name (intranet.organisation.models.display_name, the `display_name` filter)."""
    copies = re.compile(r"get_full_name\(\)\s*or\b|get_full_name\|default:")
    home = ROOT / "intranet" / "organisation" / "models.py"
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in [*PACKAGES, "templates"]
        for path in (ROOT / folder).rglob("*")
        if path.suffix in (".py", ".html", ".txt") and path != home
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if copies.search(line)
    ]
    assert not found, "Names made by hand instead of display_name():\n" + "\n".join(found)
