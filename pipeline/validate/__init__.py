"""Validation: the expectations/ suites judged on the warehouse, check_results, the quality dashboard.

    validate(warehouse, document_ids=None, dashboard=None) -> ValidationSummary
    build_dashboard(warehouse, out_dir) -> Path   (data/quality/index.html and data/quality/gx/)

No Dagster here: assets/checks.py wraps these as asset checks.
"""

from pipeline.validate.dashboard import build_dashboard
from pipeline.validate.run import SuiteSummary, ValidationSummary, validate

__all__ = ["SuiteSummary", "ValidationSummary", "build_dashboard", "validate"]
