"""Rules about a topic's `schemas` and its subject name strategy, as JulieOps' parser checks
them: TopicNameStrategy names one subject per key and value, so it takes one schema; the
other strategies name subjects after record types, so each schema file needs its record type.
(A `schemas` entry without `value.schema.file` is the schema check's `schema-required`.)"""

from __future__ import annotations

from collections.abc import Iterator

from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.kinds.subjects.values import strategy_name
from ktb_action.validate.rules.base import Rule, RuleContext

TOPIC_NAME_STRATEGY = "TopicNameStrategy"


def multiple_schemas(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """More than one `schemas` entry under TopicNameStrategy: each would register a version
    of the same two subjects, the last one winning."""
    for named in ctx.topics:
        topic = named.topic
        if len(topic.schemas) < 2 or strategy_name(topic.subject_name_strategy) != (
            TOPIC_NAME_STRATEGY
        ):
            continue
        yield rule.at(
            f"topic `{named.full_name}` has {len(topic.schemas)} schemas, but with "
            f"{TOPIC_NAME_STRATEGY} it has one key and one value subject",
            topic.schemas[1].span,
            "keep one schema, or set `subject.name.strategy: TopicRecordNameStrategy` (or "
            "`RecordNameStrategy`) and give each schema its `value.record.type`",
        )


def record_type_missing(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """A key or value schema file without its record type, under a strategy that names the
    subject after it: JulieOps refuses an entry with neither record type, and fails at
    apply on a file whose own one is missing."""
    for named in ctx.topics:
        topic = named.topic
        strategy = strategy_name(topic.subject_name_strategy)
        if strategy == TOPIC_NAME_STRATEGY:
            continue
        for schema in topic.schemas:
            for part, file, record, span in (
                ("key", schema.key_file, schema.key_record_type, schema.key_file_span),
                ("value", schema.value_file, schema.value_record_type, schema.value_file_span),
            ):
                if file is not None and record is None:
                    yield rule.at(
                        f"`{part}.record.type` is missing: with {strategy} it names the subject "
                        f"of `{file}`",
                        span or schema.span,
                        f"add `{part}.record.type:` with the schema's full record name "
                        "(e.g. `com.acme.Order`)",
                    )


RULES = (
    Rule(
        "subject-strategy-multiple-schemas",
        Severity.ERROR,
        "several schemas on a topic with TopicNameStrategy",
        multiple_schemas,
    ),
    Rule(
        "subject-record-type-missing",
        Severity.ERROR,
        "a schema file without the record type its subject name strategy needs",
        record_type_missing,
    ),
)
