"""The code passes the project's lint rules (pyproject.toml [tool.ruff])."""
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    result = subprocess.run([ruff, "check", "aksjon", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_security_lint_finds_nothing():
    """bandit over the whole package: every finding left is explained where it stands
    (a "Security lint:" comment above a `# nosec`), see docs/protection.md."""
    bandit = shutil.which("bandit", path=str(Path(sys.executable).parent)) or shutil.which("bandit")
    result = subprocess.run([bandit, "-r", "aksjon", "-q", "-f", "txt"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_every_silenced_security_finding_says_why():
    for path in (ROOT / "aksjon").rglob("*.py"):
        lines = path.read_text("utf-8").splitlines()
        for number, line in enumerate(lines):
            if "# nosec" in line:  # the reason stands in a comment just above the statement
                above = lines[max(0, number - 4):number]
                assert any("# Security lint:" in text for text in above), \
                    f"{path}:{number + 1} silences the security lint without a reason"


def test_no_missing_migrations():
    result = subprocess.run([sys.executable, "-m", "aksjon", "makemigrations", "--check", "--dry-run"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
