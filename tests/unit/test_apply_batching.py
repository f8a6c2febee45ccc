"""Write requests are cut only where KRaft's limit of records per operation requires it."""

from __future__ import annotations

from ktb_action.kafka.write import MAX_RECORDS_PER_REQUEST, request_chunks, topic_records
from ktb_action.kinds.topics.values import TopicSpec


def test_a_topic_weighs_itself_its_partitions_and_its_configs() -> None:
    assert topic_records(TopicSpec("t", 6, 3, (("a", "1"), ("b", "2")))) == 9


def test_a_topic_with_the_broker_default_partition_count_weighs_one_partition() -> None:
    assert topic_records(TopicSpec("t", None, None)) == 2


def test_items_under_the_limit_go_in_one_request() -> None:
    pairs = [(i, str(i)) for i in range(3000)]
    assert request_chunks(pairs, [3] * 3000) == [pairs]


def test_items_over_the_limit_are_cut_into_the_fewest_requests_under_it() -> None:
    pairs = [(i, str(i)) for i in range(10_000)]
    chunks = request_chunks(pairs, [3] * 10_000)
    assert [len(c) for c in chunks] == [3000, 3000, 3000, 1000]
    assert MAX_RECORDS_PER_REQUEST == 9_000
