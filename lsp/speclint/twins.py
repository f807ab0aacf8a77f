"""Twin files -> `TwinFile`: one YAML mapping each, read with the safe loader.

```yaml
id: stripe
clones: Stripe API
aliases: [stripe, payment provider]
start: python -m twins.stripe --port 12111
endpoint: http://127.0.0.1:12111
covers_behaviour: [charges, refunds, webhooks]
```
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Position, Range
from .safe_yaml import compose_mapping, mapping_items, node_range, scalar_items, scalar_text
from .scenarios import MALFORMED, Problem

KNOWN_KEYS = ("id", "clones", "aliases", "start", "endpoint", "covers_behaviour")


@dataclass(frozen=True)
class Twin:
    id: str
    path: str
    id_range: Range
    clones: str = ""
    aliases: tuple[str, ...] = ()
    start: str = ""
    endpoint: str = ""
    covers_behaviour: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        """Every name a spec may use for the service this twin clones."""
        out = [self.id, *self.aliases]
        if self.clones:
            out.append(self.clones)
            # "Stripe API" is also written "Stripe"
            for suffix in (" API", " api", " service", " Service"):
                if self.clones.endswith(suffix):
                    out.append(self.clones[: -len(suffix)])
        return tuple(dict.fromkeys(n.strip() for n in out if n.strip()))


@dataclass(frozen=True)
class TwinFile:
    path: str
    twin: Twin | None
    problems: tuple[Problem, ...]


def read_twin_file(text: str, path: str) -> TwinFile:
    node, problem = compose_mapping(text)
    if problem is not None:
        at = Position(problem.line, problem.column)
        return TwinFile(path, None, (Problem(MALFORMED, problem.message, Range(at, at)),))
    assert node is not None
    items = mapping_items(node)
    problems: list[Problem] = []
    whole = node_range(node, 0)
    first_line = Range(whole.start, whole.start)
    if "id" not in items or not (scalar_text(items["id"][1]) or "").strip():
        where = node_range(items["id"][0], 0) if "id" in items else first_line
        return TwinFile(
            path,
            None,
            (
                Problem(
                    MALFORMED,
                    "twin has no `id`: add `id: NAME`, the name scenarios use in `twins: [NAME]`",
                    where,
                ),
            ),
        )
    id_node = items["id"][1]
    fields: dict[str, str] = {}
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("clones", "start", "endpoint"):
        if key in items:
            value = scalar_text(items[key][1])
            if value is None:
                problems.append(
                    Problem(MALFORMED, f"`{key}` must be a string", node_range(items[key][0], 0))
                )
            else:
                fields[key] = value
    for key in ("aliases", "covers_behaviour"):
        if key in items:
            scalars = scalar_items(items[key][1])
            if scalars is None:
                problems.append(
                    Problem(
                        MALFORMED,
                        f"`{key}` must be a list of strings",
                        node_range(items[key][0], 0),
                    )
                )
            else:
                lists[key] = tuple(str(s.value) for s in scalars)
    twin = Twin(
        id=str(scalar_text(id_node)).strip(),
        path=path,
        id_range=node_range(id_node, 0),
        clones=fields.get("clones", ""),
        aliases=lists.get("aliases", ()),
        start=fields.get("start", ""),
        endpoint=fields.get("endpoint", ""),
        covers_behaviour=lists.get("covers_behaviour", ()),
    )
    return TwinFile(path, twin, tuple(problems))
