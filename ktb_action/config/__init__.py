"""Reading the run settings: one field table (`fields`), read from `ktb.yaml` (`yaml_file`)
or from a JulieOps `.properties` file (`properties_file`); `load` picks the reader."""
