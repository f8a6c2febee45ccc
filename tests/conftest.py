pytest_plugins = [
    "tests.kafka_fixture",
    "tests.connect_fixture",
    "tests.acl_support",
    "tests.aws_support",
    "tests.registry_fixture",
    "tests.oidc_issuer",
]
