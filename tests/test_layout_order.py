"""The order the model modules import in is a checked rule, not prose.

docs/layout.md writes the tiers of actionplans/models/ down, bottom first,
between two markers; this test reads them there (the one place they are
written) and holds the code to them:

- a model module imports only modules on tiers below its own, inside a
  function or out, and never the package's face (`actionplans.models`,
  which imports them all);
- nothing a model module imports from the rest of the project imports the
  models back (the models sit below the pages, the import and the reports);
- no model is reached through the registry: `related_model` appears
  nowhere in the app code;
- the policy (actionplans/permissions.py) tells no kind of thing apart by
  its model's name: each kind names its own rule.

It reads the source, imports nothing and needs no database.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "actionplans" / "models"
LAYOUT = ROOT / "docs" / "layout.md"
APP_CODE = ("actionplans", "reports", "scrutiny")

TIERS_START = "<!-- model tiers, bottom first: tests/test_layout_order.py reads them -->"
TIERS_END = "<!-- end of the model tiers -->"


def tiers(layout: str) -> dict[str, int]:
    """Each model module's tier, from docs/layout.md's numbered list
    between the markers ("1. `published`, `common`")."""
    assert TIERS_START in layout and TIERS_END in layout, "docs/layout.md has lost its list of the model tiers"
    block = layout.split(TIERS_START, 1)[1].split(TIERS_END, 1)[0]
    found = {}
    for line in block.splitlines():
        numbered = re.match(r"\s*(\d+)\.\s+(.*)", line)
        if not numbered:
            continue
        for name in re.findall(r"`([a-z_]+)`", numbered.group(2)):
            assert name not in found, f"docs/layout.md places models/{name}.py on two tiers"
            found[name] = int(numbered.group(1))
    return found


def model_modules(models_dir: Path) -> list[str]:
    return sorted(path.stem for path in models_dir.glob("*.py") if path.stem != "__init__")


def imported_modules(tree: ast.AST, package: str = "actionplans.models") -> list[tuple[int, str]]:
    """(line, module) of every import in `tree`, anywhere in it, each as a
    dotted name: `from actionplans.models import response` names
    actionplans.models.response, `from actionplans.models import Action`
    names actionplans.models itself."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                found.append((node.lineno, f"{base}.{alias.name}"))
    return found


def model_named(dotted: str, modules) -> str | None:
    """The model module `dotted` names ("review"), "__init__" for the
    package's face, or None for anything outside actionplans/models/."""
    parts = dotted.split(".")
    if parts[:2] != ["actionplans", "models"]:
        return None
    if len(parts) > 2 and parts[2] in modules:
        return parts[2]
    return "__init__"


def order_broken(root: Path = ROOT) -> list[str]:
    """Every import in actionplans/models/ that climbs the tiers."""
    models_dir = root / "actionplans" / "models"
    placed = tiers((root / "docs" / "layout.md").read_text())
    modules = model_modules(models_dir)
    problems = [f"models/{name}.py is on no tier of docs/layout.md" for name in modules if name not in placed]
    problems += [f"docs/layout.md places models/{name}.py, which is gone" for name in placed if name not in modules]
    for name in modules:
        tree = ast.parse((models_dir / f"{name}.py").read_text())
        for line, dotted in imported_modules(tree):
            other = model_named(dotted, modules)
            if other is None or other == name:
                continue
            if other == "__init__":
                problems.append(f"models/{name}.py:{line} imports the package's face ({dotted})")
            elif name in placed and other in placed and placed[other] >= placed[name]:
                problems.append(
                    f"models/{name}.py:{line} (tier {placed[name]}) imports models/{other}.py (tier {placed[other]})"
                )
    return problems


def models_import_back(root: Path = ROOT) -> list[str]:
    """What a model module imports from the rest of the project and that
    imports the models in turn (an import of the pages, the import, the
    reports: above the models)."""
    models_dir = root / "actionplans" / "models"
    problems = []
    for path in sorted(models_dir.glob("*.py")):
        for line, dotted in imported_modules(ast.parse(path.read_text())):
            top = dotted.split(".")[0]
            if top not in APP_CODE or dotted.startswith("actionplans.models"):
                continue
            source = _source_of(root, dotted)
            if source is None:
                continue
            back = [d for _, d in imported_modules(ast.parse(source.read_text())) if d.startswith("actionplans.models")]
            if back:
                problems.append(f"models/{path.name}:{line} imports {dotted}, which imports the models ({back[0]})")
    return problems


def _source_of(root: Path, dotted: str) -> Path | None:
    """The file of module `dotted`, or of the module that defines the name
    `dotted` ends with."""
    for parts in (dotted.split("."), dotted.split(".")[:-1]):
        for candidate in (root.joinpath(*parts).with_suffix(".py"), root.joinpath(*parts, "__init__.py")):
            if parts and candidate.is_file():
                return candidate
    return None


def registry_reaches(root: Path = ROOT) -> list[str]:
    """Every `related_model` in the app code, called or read from a field
    (`_meta.get_field("entry").related_model`): a model reached through the
    registry, an import in disguise."""
    found = []
    for top in APP_CODE:
        for path in sorted((root / top).rglob("*.py")):
            for number, text in enumerate(path.read_text().splitlines(), 1):
                if "related_model" in text:
                    found.append(f"{path.relative_to(root)}:{number}: {text.strip()}")
    return found


def model_names_compared(root: Path = ROOT) -> list[str]:
    """Every comparison in actionplans/permissions.py that reads a model's
    name (`update._meta.model_name == "progressentry"`)."""
    tree = ast.parse((root / "actionplans" / "permissions.py").read_text())
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        for part in ast.walk(node):
            if (
                isinstance(part, ast.Attribute)
                and part.attr in ("model_name", "object_name", "label", "label_lower")
                and isinstance(part.value, ast.Attribute)
                and part.value.attr == "_meta"
            ):
                found.append(f"actionplans/permissions.py:{node.lineno}: {ast.unparse(node)}")
    return found


def test_the_tiers_are_written_down_for_every_model_module():
    placed = tiers(LAYOUT.read_text())
    assert set(placed) == set(model_modules(MODELS))


def test_no_model_module_imports_one_on_its_own_tier_or_above():
    assert order_broken() == []


def test_the_models_import_nothing_that_imports_them():
    assert models_import_back() == []


def test_no_model_is_reached_through_the_registry():
    assert registry_reaches() == []


def test_the_policy_names_no_model():
    assert model_names_compared() == []


def test_the_checks_see_what_they_forbid(tmp_path):
    """Each check finds the thing it forbids, in a small house of its own."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "layout.md").write_text(f"{TIERS_START}\n1. `low`\n2. `high`\n{TIERS_END}\n")
    models_dir = tmp_path / "actionplans" / "models"
    models_dir.mkdir(parents=True)
    (models_dir / "__init__.py").write_text("")
    (models_dir / "low.py").write_text(
        "def f():\n    from actionplans.models.high import Thing\n\n\nx = related_model(Thing, 'a__b')\n"
        "y = Thing._meta.get_field('other').related_model\n"
    )
    (models_dir / "high.py").write_text("from actionplans.models import low\nfrom . import low as again\n")
    (tmp_path / "actionplans" / "permissions.py").write_text(
        "def rule(update):\n    return update._meta.model_name == 'progressentry'\n"
    )
    assert order_broken(tmp_path) == ["models/low.py:2 (tier 1) imports models/high.py (tier 2)"]
    assert registry_reaches(tmp_path) == [
        "actionplans/models/low.py:5: x = related_model(Thing, 'a__b')",
        "actionplans/models/low.py:6: y = Thing._meta.get_field('other').related_model",
    ]
    assert len(model_names_compared(tmp_path)) == 1


def test_every_module_of_the_apps_is_named_in_the_layout():
    """docs/layout.md says where the code is: a module it does not name is
    one a newcomer finds only by searching. A management command is named
    by its command."""
    layout = (ROOT / "docs" / "layout.md").read_text()
    unnamed = []
    for app in ("scrutiny", "actionplans", "reports"):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or path.name in ("__init__.py", "apps.py", "tests.py"):
                continue
            named = f"`{path.name}`" in layout or f"/{path.name}`" in layout
            if path.parent.name == "commands":
                named = named or f"`{path.stem}`" in layout
            if not named:
                unnamed.append(str(path.relative_to(ROOT)))
    assert not unnamed, f"docs/layout.md names none of: {', '.join(unnamed)}"
