"""One source per vocabulary: every code literal in the code and the templates is in
aksjon/data/vocabulary.toml.

The scan is field-aware: VOCABULARY_FIELDS says which field of which model holds
codes of which vocabulary. A literal is checked where it meets such a field —
`Target.objects.filter(status="x")`, `status__in=[...]`, `target.status == "x"`,
`create_followup(kind="x")`, `{"role": "x"}` passed to a call, a model field's
`default="x"`, `vocabulary.label("kind", "x")`, and in templates `target.status == "x"`
and `"x"|vocab:"kind"`. The receiver's name says the model (`target`, `targets`,
`Target`, `add_target`, `persons_met` …); a receiver it cannot place is not checked, so
the generator's own records (`business.purpose == "worker_enk"`) are left alone.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from aksjon.core import vocabulary

ROOT = Path(__file__).resolve().parents[1] / "aksjon"

# model name -> field -> vocabulary. Checked against the models' "# vocabulary: kind" comments below.
VOCABULARY_FIELDS = {
    "user": {"role": "roles"},
    "agency": {"kind": "agency_kinds"},
    "operation": {"status": "operation_statuses"},
    "target": {"status": "target_statuses"},
    "personmet": {"role": "person_roles", "language": "languages", "documents_seen": "documents",
                  "rights_information_language": "languages"},
    "finding": {"code": "findings"},
    "vulnerability": {"code": "vulnerabilities"},
    "person": {"purpose": "purposes"},
    "followup": {"kind": "followup_kinds", "subject": "followup_subjects", "status": "followup_statuses"},
    "followupnote": {"status_before": "followup_statuses", "status_after": "followup_statuses"},
}
# Names the code gives those models' records besides their own.
ALIASES = {"item": "followup", "met": "personmet", "pm": "personmet", "encounter": "personmet", "op": "operation",
           "actor": "user", "owner": "user", "officer": "user", "lead": "user"}
# Keywords and dict keys that hold a list of codes whatever the record.
CODE_LISTS = {"findings": "findings", "vulnerabilities": "vulnerabilities"}
VOCABULARY_FUNCTIONS = {"label", "entry", "codes", "choices", "_check_code"}


@dataclass(frozen=True)
class Problem:
    where: str
    kind: str
    code: str

    def __str__(self) -> str:
        return f"{self.where}: {self.code!r} is not in vocabulary {self.kind!r}"


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def model_of(name: str | None) -> str | None:
    """`targets`, `Target`, `add_target`, `persons_met` -> the model name it stands for, if any."""
    if not name:
        return None
    key = "".join(_singular(part) for part in name.lower().split("_") if part)
    if key in VOCABULARY_FIELDS:
        return key
    if key in ALIASES:
        return ALIASES[key]
    contained = [model for model in VOCABULARY_FIELDS if model in key]
    return max(contained, key=len) if contained else None


def kind_of(model: str | None, field: str) -> str | None:
    field = field.split("__")[0]
    if field in CODE_LISTS:
        return CODE_LISTS[field]
    return VOCABULARY_FIELDS.get(model, {}).get(field)


def _strings(node) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [s for item in node.elts for s in _strings(item)]
    if isinstance(node, ast.IfExp):  # status = "approved" if ... else "proposed"
        return _strings(node.body) + _strings(node.orelse)
    return []


def _names(node) -> list[str]:
    """The identifiers along a call's chain, outermost first: a.b(x).c -> [c, b, a]."""
    names = []
    while node is not None:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            node = None
        else:
            node = None
    return names


def _model_of_chain(node) -> str | None:
    return next((m for m in map(model_of, _names(node)) if m), None)


class _Scanner(ast.NodeVisitor):
    def __init__(self, where: str):
        self.where, self.problems, self.models = where, [], [None]

    def check(self, node, model: str | None, field: str, value) -> None:
        kind = kind_of(model, field)
        if kind is None:
            return
        known = vocabulary.codes(kind)
        for code in _strings(value):
            if code and code not in known:  # "" is a blank optional field, not a code
                self.problems.append(Problem(f"{self.where}:{node.lineno}", kind, code))

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        model = model_of(node.name) if node.name.lower() in VOCABULARY_FIELDS else None
        for statement in node.body:  # a model field's default: status = models.CharField(default="open")
            if model and isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
                for keyword in statement.value.keywords:
                    if keyword.arg == "default" and isinstance(statement.targets[0], ast.Name):
                        self.check(statement, model, statement.targets[0].id, keyword.value)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        self._vocabulary_call(node)
        model = _model_of_chain(node) or self.models[-1]
        for keyword in node.keywords:
            if keyword.arg:
                self.check(node, model, keyword.arg, keyword.value)
        self.models.append(model)
        self.generic_visit(node)
        self.models.pop()

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:  # target.status = "controlled"
            if isinstance(target, ast.Attribute):
                receiver = target.value
                name = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", None)
                self.check(node, model_of(name), target.attr, node.value)
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                self.check(node, self.models[-1], key.value, value)
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        if isinstance(node.left, ast.Attribute) and all(
                isinstance(op, (ast.Eq, ast.NotEq, ast.In, ast.NotIn)) for op in node.ops):
            receiver = node.left.value
            name = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", None)
            for comparator in node.comparators:
                self.check(node, model_of(name), node.left.attr, comparator)
        self.generic_visit(node)

    def _vocabulary_call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        on_vocabulary = name == "_check_code" or (isinstance(func, ast.Attribute)
                                                   and getattr(func.value, "id", "") == "vocabulary")
        if name not in VOCABULARY_FUNCTIONS or not on_vocabulary or not node.args:
            return
        kind = _strings(node.args[0])
        if not kind:
            return
        if kind[0] not in vocabulary._all():
            self.problems.append(Problem(f"{self.where}:{node.lineno}", kind[0], "(no such vocabulary)"))
            return
        if name in {"label", "entry"} and len(node.args) > 1:
            for code in _strings(node.args[1]):
                if code not in vocabulary.codes(kind[0]):
                    self.problems.append(Problem(f"{self.where}:{node.lineno}", kind[0], code))
        where = {k.arg: k.value.value for k in node.keywords if isinstance(k.value, ast.Constant)}
        if name == "codes" and where and not vocabulary.codes(kind[0], **where):
            self.problems.append(Problem(f"{self.where}:{node.lineno}", kind[0], f"(no code with {where})"))


def scan_python(source: str, where: str = "<snippet>") -> list[Problem]:
    scanner = _Scanner(where)
    scanner.visit(ast.parse(source))
    return scanner.problems


_COMPARE = re.compile(r"\b([\w.]*?)(\w+)\.(\w+)\s*(?:==|!=)\s*\"([^\"]*)\"")
_LABEL = re.compile(r"\"([^\"]*)\"\|vocab:\"(\w+)\"")
_KIND = re.compile(r"(?:\|vocab:|\{% vocab_codes )\"(\w+)\"")


def scan_template(text: str, where: str = "<template>") -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        for _, receiver, field, code in _COMPARE.findall(line):
            kind = kind_of(model_of(receiver), field)
            if kind and code not in vocabulary.codes(kind):
                problems.append(Problem(f"{where}:{number}", kind, code))
        for code, kind in _LABEL.findall(line):
            if kind in vocabulary._all() and code not in vocabulary.codes(kind):
                problems.append(Problem(f"{where}:{number}", kind, code))
        for kind in _KIND.findall(line):
            if kind not in vocabulary._all():
                problems.append(Problem(f"{where}:{number}", kind, "(no such vocabulary)"))
    return problems


def _sources(pattern: str):
    for path in sorted(ROOT.rglob(pattern)):
        if "migrations" not in path.parts:
            yield path, str(path.relative_to(ROOT.parent))


# The scanner itself: proof that the checks below can fail.

def test_scanner_finds_bad_codes_in_python():
    bad = '''
Target.objects.filter(status="aproved")
targets.exclude(status__in=["controlled", "lost"])
if target.status == "done" or item.status in ("open", "reopened"):
    create_followup(actor=a, kind="memo", title="x")
add_person_met(actor=a, control=c, role="boss")
record_visit(actor=a, control={"findings": ["no_work_permit", "no_permit"]}, persons=[])
request.user.role == "superuser"
vocabulary.label("findings", "bribery")
vocabulary.codes("findings", area="labor")
vocabulary.codes("finding")
class FollowUp(models.Model):
    status = models.CharField(max_length=12, default="new")
Operation.objects.annotate(n=Count("id", filter=Q(status="running")))
target.status = "finished" if done else "approved"
'''
    found = {(p.kind, p.code) for p in scan_python(bad)}
    assert found == {
        ("target_statuses", "aproved"), ("target_statuses", "lost"), ("target_statuses", "done"),
        ("followup_statuses", "reopened"), ("followup_kinds", "memo"), ("person_roles", "boss"),
        ("findings", "no_permit"), ("roles", "superuser"), ("findings", "bribery"),
        ("findings", "(no code with {'area': 'labor'})"), ("finding", "(no such vocabulary)"),
        ("followup_statuses", "new"), ("operation_statuses", "running"), ("target_statuses", "finished")}


def test_scanner_leaves_other_fields_alone():
    fine = '''
Screening.objects.filter(status="draft")
batch.status == "queued"
Agency.objects.get(code="arbeidstilsynet")
run.kind == "venue"
business.purpose == "worker_enk"
met.exclude(rights_information_language="")
'''
    assert scan_python(fine) == []


def test_scanner_finds_bad_codes_in_templates():
    bad = ('{% if target.status == "aproved" %}{% endif %}{% if item.status != "reopened" %}{% endif %}'
           '{{ "assigned"|vocab:"target_statuses" }}{{ "gone"|vocab:"target_statuses" }}{{ x|vocab:"finding" }}'
           '{% if s.status == "draft" %}{% endif %}')
    assert {(p.kind, p.code) for p in scan_template(bad)} == {
        ("target_statuses", "aproved"), ("followup_statuses", "reopened"), ("target_statuses", "gone"),
        ("finding", "(no such vocabulary)")}


# The checks.

def test_every_code_literal_in_the_code_is_in_the_vocabulary():
    problems = [p for path, where in _sources("*.py") for p in scan_python(path.read_text("utf-8"), where)]
    assert not problems, "\n".join(map(str, problems))


def test_every_code_literal_in_the_templates_is_in_the_vocabulary():
    problems = [p for path, where in _sources("*.html") for p in scan_template(path.read_text("utf-8"), where)]
    assert not problems, "\n".join(map(str, problems))


def test_the_field_map_matches_the_models_vocabulary_comments():
    """A model field marked "# vocabulary: kind" must be in VOCABULARY_FIELDS, or the scan would skip it."""
    marked = {}
    for path, _ in _sources("models.py"):
        model = None
        for line in path.read_text("utf-8").splitlines():
            if found := re.match(r"class (\w+)\(", line):
                model = found.group(1).lower()
            if found := re.match(r"\s+(\w+) = models\.\w+\(.*# vocabulary: (\w+)", line):
                marked.setdefault(model, {})[found.group(1)] = found.group(2)
    assert marked == VOCABULARY_FIELDS
    for fields in marked.values():
        assert set(fields.values()) <= set(vocabulary._all())


@pytest.mark.parametrize("codes, kind", [
    ("aksjon.synth.texts:FINDING_TEXT", "findings"),
    ("aksjon.synth.schema:VULNERABILITIES", "vulnerabilities"),
])
def test_code_tables_outside_the_vocabulary_have_its_codes(codes, kind):
    """A table keyed by codes (the generator's phrases) must have every code of the vocabulary and no other."""
    import importlib

    module, name = codes.split(":")
    assert set(getattr(importlib.import_module(module), name)) == set(vocabulary.codes(kind))


def test_labour_findings_are_the_vocabularys_labour_area():
    from aksjon.core.proposals import LABOUR_FINDINGS, propose

    assert LABOUR_FINDINGS == {"no_written_contract", "excess_hours", "wage_below_permit_condition",
                               "unregistered_worker"}
    assert vocabulary.entry("findings", "no_work_permit")["area"] == "immigration"
    assert propose("no_indications", [], ["no_work_permit"]) == []
    assert [p.key for p in propose("no_indications", [], ["excess_hours"])] == ["arbeidstilsynet"]
