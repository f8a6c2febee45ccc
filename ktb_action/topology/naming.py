"""Full topic names and project prefixes, composed as JulieOps composes them.

Default: `context{sep}header…{sep}project{sep}topic[{sep}dataType]`, headers in file order.
With `topology.topic.prefix.format` / `topology.project.prefix.format` the name is a Jinja
template instead, rendered in a sandbox because the template comes from a settings file.
A broken template raises `NamingFormatError`; the `naming-format-invalid` rule turns it into
a diagnostic, so every other caller can treat names as always computable.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ktb_action.settings import Naming
from ktb_action.topology.model import Project, Topic, Topology

if TYPE_CHECKING:
    import jinja2


class NamingFormatError(ValueError):
    """A naming template that does not compile or render; `template` is its source text."""

    def __init__(self, template: str, reason: str) -> None:
        super().__init__(reason)
        self.template = template
        self.reason = reason


@lru_cache(maxsize=64)
def _compile(source: str) -> jinja2.Template:
    # Imported here: most topologies use no template, and jinja2 is a tenth of the start of
    # `ktb validate`, which pre-commit runs on every commit.
    import jinja2  # noqa: PLC0415
    from jinja2.sandbox import SandboxedEnvironment  # noqa: PLC0415

    # StrictUndefined: a misspelt variable (`{{projet}}`) must fail, not render as empty.
    environment = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False)
    try:
        return environment.from_string(source)
    except jinja2.TemplateError as error:
        raise NamingFormatError(source, _reason(error)) from None


def _render(source: str, variables: dict[str, Any]) -> str:
    import jinja2  # noqa: PLC0415

    template = _compile(source)
    try:
        return template.render(variables)
    except jinja2.TemplateError as error:
        raise NamingFormatError(source, _reason(error)) from None


def _reason(error: jinja2.TemplateError) -> str:
    import jinja2  # noqa: PLC0415

    # Diagnostic messages carry no trailing period; Jinja's messages sometimes do.
    text = str(error.message or error).rstrip(".")
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"syntax error on line {error.lineno}: {text}"
    return text


def _variables(topology: Topology, project: Project | None) -> dict[str, Any]:
    variables: dict[str, Any] = dict(topology.headers)
    variables["context"] = topology.context
    if project is not None:
        variables["project"] = project.name
    return variables


def context_prefix(topology: Topology, naming: Naming) -> str:
    """`context{sep}header…`: the part of every name that the topology's header sets."""
    return naming.separator.join([topology.context, *(value for _, value in topology.headers)])


def project_prefix(topology: Topology, project: Project, naming: Naming) -> str:
    """The prefix all of a project's topics share (ACL prefixes and ownership use it)."""
    if naming.project_prefix_format is not None:
        return _render(naming.project_prefix_format, _variables(topology, project))
    return f"{context_prefix(topology, naming)}{naming.separator}{project.name}"


def topic_full_name(
    topology: Topology, project: Project | None, topic: Topic, naming: Naming
) -> str:
    """The name the topic has in Kafka. Special topics (no project) keep their name as written."""
    if project is None:
        return topic.name
    if naming.topic_prefix_format is not None:
        variables = _variables(topology, project)
        variables["topic"] = topic.name
        # Always defined so `{% if dataType %}` works for topics without one.
        variables["dataType"] = topic.data_type or ""
        return _render(naming.topic_prefix_format, variables)
    parts = [project_prefix(topology, project, naming), topic.name]
    if topic.data_type:
        parts.append(topic.data_type)
    return naming.separator.join(parts)


def project_acl_prefix(topology: Topology, project: Project, naming: Naming) -> str:
    """The prefix of a project's PREFIXED bindings, ending with the separator as JulieOps'
    `namePrefix()` does: `ctx.projectA.` must not also grant `ctx.projectAB.…`. A custom
    `project_prefix_format` is used exactly as rendered."""
    prefix = project_prefix(topology, project, naming)
    if naming.project_prefix_format is None:
        prefix += naming.separator
    return prefix
