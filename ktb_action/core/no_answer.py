"""The result of a change that was sent but got no answer.

Apart from the applier that interprets it, so that the Kafka adapter can report it without
importing the applier (and the plan and kind values with it) before its first reads are sent.
"""

from __future__ import annotations


class NoAnswer(str):
    """A phase's result for a change it sent but got no answer about (a timeout, a lost
    connection, every broker down): the change may or may not have been made. A `str`, so
    `Results` keeps its type for the kinds that never report one."""
