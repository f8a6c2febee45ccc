"""`ktb export`: the cluster read by the kinds' exporters, written back as topology files."""
