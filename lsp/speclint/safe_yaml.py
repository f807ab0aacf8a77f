"""YAML for scenario front matter and twin files: a safe loader, positions kept, no aliases.

`yaml.compose` with the safe loader gives nodes that remember where they were written, so a bad
reference can be reported at its exact line and column. Aliases are refused before composing: a
"billion laughs" document is a few lines of anchors and aliases that expand to gigabytes once
anything walks it, and nothing a scenario or a twin says needs them.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from .model import Position, Range

MAX_YAML_CHARS = 256 * 1024  # a twin or a front matter block is a few hundred bytes
# libyaml's loader when PyYAML was built with it: same nodes and marks, several times faster.
_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class YamlProblem:
    message: str
    line: int  # 1-based, in the file
    column: int


def node_range(node: yaml.Node, line_offset: int) -> Range:
    """The file range of a node; quotes around a one-line scalar are left out."""
    start, end = node.start_mark, node.end_mark
    a = Position(start.line + 1 + line_offset, start.column + 1)
    b = Position(end.line + 1 + line_offset, end.column + 1)
    if (
        isinstance(node, yaml.ScalarNode)
        and node.style in ('"', "'")
        and a.line == b.line
        and b.column - a.column >= 2
    ):
        a, b = Position(a.line, a.column + 1), Position(b.line, b.column - 1)
    return Range(a, b)


def compose_mapping(
    text: str, line_offset: int = 0
) -> tuple[yaml.MappingNode | None, YamlProblem | None]:
    """The top-level mapping of `text`, or a problem at the file line where it went wrong."""
    if len(text) > MAX_YAML_CHARS:
        return None, YamlProblem(
            f"YAML block is {len(text)} characters, over {MAX_YAML_CHARS}: keep it short",
            1 + line_offset,
            1,
        )
    try:
        # An alias is written `*name`: without a `*` there is none, and no events to scan.
        for event in yaml.parse(text, Loader=_LOADER) if "*" in text else ():
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                return None, YamlProblem(
                    f"YAML alias *{event.anchor} is not allowed here: write the value out",
                    (mark.line + 1 if mark else 1) + line_offset,
                    mark.column + 1 if mark else 1,
                )
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        column = mark.column + 1 if mark else 1
        return None, YamlProblem(f"invalid YAML: {exc.problem or exc.context}", line, column)
    except yaml.YAMLError as exc:
        return None, YamlProblem(f"invalid YAML: {exc}", 1 + line_offset, 1)
    if node is None:
        return None, YamlProblem(
            "empty YAML: expected a mapping such as `id: ...`", 1 + line_offset, 1
        )
    if not isinstance(node, yaml.MappingNode):
        return None, YamlProblem(
            "expected a mapping of keys (id, title, ...), not a list or a single value",
            node.start_mark.line + 1 + line_offset,
            node.start_mark.column + 1,
        )
    return node, None


def mapping_items(node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Key text -> (key node, value node); keys that are not plain strings are left out."""
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and isinstance(key.value, str):
            out.setdefault(key.value, (key, value))
    return out


def scalar_text(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
        return str(node.value)
    return None


def scalar_items(node: yaml.Node) -> list[yaml.ScalarNode] | None:
    """The scalars of a list (or a single scalar); None when it is something else."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null":
            return []
        return [node]
    if isinstance(node, yaml.SequenceNode) and all(
        isinstance(v, yaml.ScalarNode) for v in node.value
    ):
        return list(node.value)
    return None
