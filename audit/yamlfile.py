"""YAML files with line numbers, validated into pydantic models with file:line messages.

``load_yaml`` parses with PyYAML's safe loader (no Python tags) and keeps, for every mapping
key and sequence item, the line it starts on, keyed by its path: ``("sections", 0, "items", 3,
"id") -> 42``. Duplicate keys in a mapping are refused (PyYAML silently keeps the last one).
``load_model`` validates the data into a pydantic model and turns validation errors into
``ConfigError("Field required", file=..., line=42, key="sections[0].items[3].threshold")``.

One deviation from YAML 1.1 as PyYAML implements it: base-60 numbers are not recognised, so
``1:12`` (a slope) stays the string ``"1:12"`` instead of becoming the integer 72.

Files arrive from outside (an inspection sheet, a config from a colleague), so before anything
is built the document's shape is checked from PyYAML's event stream, in linear time and
memory: aliases that would expand it by more than ``MAX_ALIAS_VALUES`` values ("billion
laughs") and nesting deeper than ``MAX_DEPTH`` are refused with the line where it happens.
Tags other than YAML's own are refused; a number too long to read or an impossible date is an
error at its line.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from audit.errors import ConfigError
from audit.textfile import read_text
from audit.yamlkeys import allowed_keys, close_key, unknown_key

PathKey = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", bound=ConfigError)

MAX_ALIAS_VALUES = 10_000  # values aliases may add to a document
MAX_DEPTH = 64  # nested mappings and sequences
_REFUSED = "a11y-audit refuses such documents"
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}

_INT = re.compile(
    r"""^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"""
)
_FLOAT = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"""
    r"""|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"""
)


class _Loader(yaml.SafeLoader):
    """SafeLoader without base-60 integers and floats (``1:12`` stays a string)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))

# The same loader on libyaml's parser (its scalars resolved by ``_Loader``'s rules), when PyYAML
# was built with it (its wheels are).
_FastLoader: type[_Loader] | None = None
if yaml.__with_libyaml__:
    _FastLoader = type("_FastLoader", (yaml.CSafeLoader,),
                       {"yaml_implicit_resolvers": _Loader.yaml_implicit_resolvers})


@dataclass(frozen=True)
class YamlDoc:
    """Parsed YAML data plus the line (1-based) of every key and item, by path."""

    file: str
    data: Any
    lines: Mapping[PathKey, int] = field(default_factory=dict)

    def line(self, path: PathKey) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def get(self, path: PathKey) -> Any:
        """The value at ``path``, or None when the path does not exist."""
        value = self.data
        for part in path:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return None
        return value


def _short_tag(tag: str) -> str:
    """``tag:yaml.org,2002:python/object`` -> ``!!python/object`` (as it was written)."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") \
        else tag


def format_path(path: PathKey) -> str:
    """``("sections", 0, "items", 3, "rule")`` -> ``"sections[0].items[3].rule"``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def parse_yaml(text: str, file: str = "<string>") -> YamlDoc:
    """Parse one YAML document from ``text``; errors name ``file`` and the line.

    With libyaml (``_FastLoader``) a document is read several times faster; one it finds any
    problem in is read again by PyYAML's own parser, whose messages are the ones users see."""
    if _FastLoader is not None:
        try:
            return _parse(text, file, _FastLoader)
        except ConfigError:
            pass
    return _parse(text, file, _Loader)


def _parse(text: str, file: str, loader_class: type[_Loader]) -> YamlDoc:
    check_shape(text, file, loader_class)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        lines: dict[PathKey, int] = {}
        data = None if node is None else _Builder(loader, file, lines).build(node, ())
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        problem = ": ".join(p for p in (err.context, err.problem) if p) or "invalid YAML"
        raise ConfigError(f"YAML syntax error: {problem}", file=file, line=line) from None
    except yaml.YAMLError as err:
        raise ConfigError(f"YAML error: {err}", file=file) from None
    finally:
        loader.dispose()
    if node is not None:
        lines.setdefault((), node.start_mark.line + 1)
    return YamlDoc(file=file, data=data, lines=lines)


def load_data(text: str) -> Any:
    """Plain data as ``yaml.safe_load`` reads it, with libyaml when PyYAML has it (the bundled
    words, policy and settings files: no lines kept, no shape refused); a document libyaml
    finds a problem in is read again by PyYAML's own parser, whose error is raised."""
    if _FastLoader is not None:
        try:
            return yaml.load(text, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def load_yaml(path: str | os.PathLike[str], *, display: str | None = None) -> YamlDoc:
    """Read and parse a YAML file; ``display`` is the name used in messages (default: path)."""
    name = display or os.fspath(path)
    return parse_yaml(read_text(path, display=name), name)


def check_shape(text: str, file: str,
                loader_class: type[_Loader] = _Loader) -> None:
    """Refuse alias bombs and deep nesting (ConfigError at the line) before building anything.
    Syntax errors are left to the parse that follows, which reports them better."""
    loader = loader_class(text)
    sizes: dict[str, int] = {}  # anchor -> the values it stands for, aliases expanded
    open_: list[list[Any]] = []  # [anchor, values so far] of each open mapping or sequence
    extra = 0  # values the aliases add
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                if len(open_) >= MAX_DEPTH:
                    raise _shape_error(f"nested more than {MAX_DEPTH} levels deep", event, file)
                open_.append([event.anchor, 1])
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                anchor, size = open_.pop()
            elif isinstance(event, yaml.ScalarEvent):
                anchor, size = event.anchor, 1
            elif isinstance(event, yaml.AliasEvent):
                anchor, size = None, sizes.get(event.anchor or "", 1)
                extra += size - 1
                if extra > MAX_ALIAS_VALUES:
                    raise _shape_error(f"aliases (*name) would expand the document by more "
                                       f"than {MAX_ALIAS_VALUES} values", event, file)
            else:
                continue
            if anchor:
                sizes[anchor] = size
            if open_:
                open_[-1][1] += size
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


def _shape_error(problem: str, event: yaml.Event, file: str) -> ConfigError:
    mark = event.start_mark  # the parser marks every event it makes; the stubs allow None
    return ConfigError(f"{problem}; {_REFUSED}", file=file,
                       line=mark.line + 1 if mark is not None else None)


def model_errors(doc: YamlDoc, exc: ValidationError, *, error_cls: type[E],
                 key: Callable[[YamlDoc, PathKey], str] | None = None,
                 model: type[BaseModel] | None = None) -> list[E]:
    """One ``error_cls`` per pydantic error, with file, line and key path, sorted by line;
    with the ``model`` validated, an unknown key comes with the key meant or those allowed."""
    out: list[tuple[int, int, E]] = []
    for index, error in enumerate(exc.errors(include_url=False)):
        path = _data_path(doc.data, error["loc"])
        message = _message(error, model)
        if error["type"] == "missing" and model is not None:
            message += _misspelt(doc, path, allowed_keys(model, error["loc"][:-1]))
        name = key(doc, path) if key else format_path(path)
        line = doc.line(path)
        out.append((line or 0, index, error_cls(message, file=doc.file, line=line,
                                                  key=name or None)))
    return [err for _, _, err in sorted(out, key=lambda t: (t[0], t[1]))]


def validate_model(doc: YamlDoc, model: type[M], *,
                   error_cls: type[ConfigError] = ConfigError,
                   key: Callable[[YamlDoc, PathKey], str] | None = None) -> M:
    """Validate ``doc.data`` into ``model``; raise the first error (by line) as ``error_cls``."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise model_errors(doc, exc, error_cls=error_cls, key=key, model=model)[0] from None


def load_model(path: str | os.PathLike[str], model: type[M], *,
               error_cls: type[ConfigError] = ConfigError, display: str | None = None) -> M:
    """Load a YAML file into ``model``; any problem is an ``error_cls`` naming file and line."""
    return validate_model(load_yaml(path, display=display), model, error_cls=error_cls)


def _message(error: Any, model: type[BaseModel] | None = None) -> str:
    if error["type"] == "extra_forbidden" and model is not None:
        return unknown_key(str(error["loc"][-1]), allowed_keys(model, error["loc"][:-1]))
    if error["type"] in ("tuple_type", "list_type") and _one_value(error["input"]):
        return f"should be a list, e.g. [{error['input']}], not one value"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


def _misspelt(doc: YamlDoc, path: PathKey, allowed: list[str]) -> str:
    """`` (written as 'treshold' at line 6?)`` when a key beside the missing one looks like it."""
    written = doc.get(path[:-1])
    unknown = [k for k in written if k not in allowed] if isinstance(written, Mapping) else []
    meant = close_key(str(path[-1]), unknown)
    return f" (written as {meant!r} at line {doc.line((*path[:-1], meant))}?)" if meant else ""


def _one_value(value: Any) -> bool:
    return isinstance(value, str | int | float) and len(str(value)) <= 200


def _data_path(data: Any, loc: tuple[Any, ...]) -> PathKey:
    """Keep the parts of a pydantic ``loc`` that walk the data (drop union-member tags)."""
    path: list[str | int] = []
    value = data
    for part in loc:
        if _steps_into(value, part):
            value = value[part]
        elif isinstance(value, Mapping) and isinstance(part, str) and not _is_tag(part):
            path.append(part)  # a missing or extra key: name it, stop walking
            value = None
            continue
        else:
            continue
        path.append(part)
    return tuple(path)


def _steps_into(value: Any, part: Any) -> bool:
    if isinstance(value, Mapping):
        return part in value
    return isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)


def _is_tag(part: str) -> bool:
    """pydantic names union members like ``function-after[...]`` or ``list[str]``."""
    return "[" in part or part in ("str", "int", "float", "bool")


class _Builder:
    """Turns a composed node tree into Python data, recording lines and refusing duplicates."""

    def __init__(self, loader: _Loader, file: str, lines: dict[PathKey, int]) -> None:
        self._loader = loader
        self._file = file
        self._lines = lines
        self._active: set[int] = set()

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        if id(node) in self._active:
            raise self._error("recursive alias", node, path)
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.CollectionNode) and node.tag not in _COLLECTION_TAGS:
                raise self._error(f"YAML tag {_short_tag(node.tag)} is not allowed", node, path)
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            if isinstance(node, yaml.SequenceNode):
                return self._sequence(node, path)
            return self._scalar(node, path)
        finally:
            self._active.discard(id(node))

    def _scalar(self, node: yaml.Node, path: PathKey) -> Any:
        try:
            return self._loader.construct_object(node, deep=True)
        except ValueError as err:  # 10**5000, 2025-13-45, !!float abc
            digits = len(str(node.value).lstrip("+-").replace("_", ""))
            if "digits" in str(err):
                raise self._error(f"a number of {digits} digits is too long to read (at most "
                                  f"{sys.get_int_max_str_digits()})", node, path) from None
            raise self._error(f"not a valid date or number: {err}", node, path) from None

    def _error(self, problem: str, node: yaml.Node, path: PathKey) -> ConfigError:
        return ConfigError(problem, file=self._file, line=node.start_mark.line + 1,
                           key=format_path(path) or None)

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        merged: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged.extend(value_node.value if isinstance(value_node, yaml.SequenceNode)
                              else [value_node])
                continue
            key = self._key(key_node, path)
            line = key_node.start_mark.line + 1
            if key in out:
                first = self._lines.get((*path, key))
                raise ConfigError(f"duplicate key {key!r} (first at line {first})",
                                  file=self._file, line=line, key=format_path(path) or None)
            self._lines[(*path, key)] = line
            out[key] = self.build(value_node, (*path, key))
        for source in merged:  # ``<<: *anchor``: explicit keys win, earlier sources win
            if not isinstance(source, yaml.MappingNode):
                raise ConfigError("a merge key (<<) needs a mapping", file=self._file,
                                  line=source.start_mark.line + 1, key=format_path(path) or None)
            saved = dict(self._lines)
            for key, value in self.build(source, path).items():
                out.setdefault(key, value)
            self._lines.update(saved)  # keep the lines of explicit keys
        return out

    def _key(self, key_node: yaml.Node, path: PathKey) -> Any:
        key = self._loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise ConfigError("a mapping key must be a plain value", file=self._file,
                              line=key_node.start_mark.line + 1,
                              key=format_path(path) or None) from None
        return key

    def _sequence(self, node: yaml.SequenceNode, path: PathKey) -> list[Any]:
        out = []
        for index, item in enumerate(node.value):
            self._lines[(*path, index)] = item.start_mark.line + 1
            out.append(self.build(item, (*path, index)))
        return out
