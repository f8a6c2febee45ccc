# The one image behind the GitHub Action and the GitLab CI/CD component: `ktb ci`.
# Base named by tag: the release workflow pulls it pinned by digest and tags it so, and the
# test suite's engine gives this name to a stand-in (scripts/container-engine).
FROM python:3.11.14-slim-bookworm

# OCI labels; the release workflow adds version, revision, the repository's own source URL
# and the base image's digest with `--label`.
LABEL org.opencontainers.image.title="ktb-action"
LABEL org.opencontainers.image.description="GitOps for Apache Kafka: validate, plan and apply JulieOps-format topologies"
LABEL org.opencontainers.image.source="https://github.com/example-org/ktb-action"
LABEL org.opencontainers.image.licenses="MIT"

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# git: changed lines of a merge request come from `git diff` in the checkout.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git \
 && rm -rf /var/lib/apt/lists/* \
 # The runner mounts a workspace owned by another user; git refuses such repos otherwise.
 && git config --system --add safe.directory '*'

# Dependencies first (pinned), so a code change does not reinstall them.
COPY requirements.lock requirements-build.lock /opt/ktb/
RUN pip install --requirement /opt/ktb/requirements.lock

COPY pyproject.toml README.md /opt/ktb/src/
COPY schema /opt/ktb/src/schema
COPY ktb_action /opt/ktb/src/ktb_action
# What the wheel ships besides the code (pyproject.toml's force-include): `ktb rule`'s text
# and the examples `ktb init` writes.
COPY docs/rules.md /opt/ktb/src/docs/rules.md
COPY examples /opt/ktb/src/examples
COPY .github/workflows/examples /opt/ktb/src/.github/workflows/examples
# PIP_CONSTRAINT also reaches the isolated build environment: the build backend is pinned too.
RUN PIP_CONSTRAINT=/opt/ktb/requirements-build.lock \
    pip install --constraint /opt/ktb/requirements.lock /opt/ktb/src \
 && rm -rf /opt/ktb/src

# No USER and no WORKDIR: GitHub runs the container as root with the workspace
# (/github/workspace) as its working directory, GitLab in the checkout directory. The
# entrypoint runs `ktb` as the owner of that directory (see the script).
COPY scripts/image-entrypoint /usr/local/bin/ktb-entrypoint
ENTRYPOINT ["ktb-entrypoint", "ci"]
