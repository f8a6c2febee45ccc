"""ktb-action: GitOps for Apache Kafka topologies in the JulieOps format."""

__version__ = "0.1.0"
