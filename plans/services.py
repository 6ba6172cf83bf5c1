"""Loading plans: from the fixtures' YAML files, or from an appendix spreadsheet."""

from pathlib import Path

from plans import writer, yaml_reader
from plans.writer import LoadSummary


def plan_load(*, directory: Path = yaml_reader.DEFAULT_DIR) -> LoadSummary:
    """Validate every fixture file, then create or update the plan in one transaction."""
    return writer.plan_write(yaml_reader.plan_read(directory))
