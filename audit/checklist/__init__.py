"""Field checklists: the YAML format, loading and validation, safe rules with units, verdicts.

    from audit.checklist import load_bundled, Inspection, evaluate

    catalogue = load_bundled()
    checklist = catalogue.get("gb55019-parking")
    result = evaluate(checklist, Inspection(checklist=checklist.id, answers={...}))
"""

from audit.checklist.describe import requirement, requirement_by_building, show_value
from audit.checklist.expr import Formula, FormulaError, MissingAnswer, compile_formula
from audit.checklist.loader import (
    Catalogue,
    bundled_folder,
    check_doc,
    check_file,
    check_folder,
    checklist_files,
    load_bundled,
    load_checklist,
    load_folder,
)
from audit.checklist.schema import (
    SCHEMA,
    Building,
    Checklist,
    Choice,
    Item,
    ItemType,
    PhotoPolicy,
    Rule,
    Section,
    Text,
)
from audit.checklist.units import Kind, Measure, UnitError, format_value, parse
from audit.checklist.verdict import (
    Answer,
    Inspection,
    InspectionResult,
    ItemResult,
    evaluate,
    read_answers,
    read_value,
)

__all__ = [
    "SCHEMA", "Answer", "Building", "Catalogue", "Checklist", "Choice", "Formula",
    "FormulaError", "Inspection", "InspectionResult", "Item", "ItemResult", "ItemType", "Kind",
    "Measure", "MissingAnswer", "PhotoPolicy", "Rule", "Section", "Text", "UnitError",
    "bundled_folder", "check_doc", "check_file", "check_folder", "checklist_files",
    "compile_formula", "evaluate", "format_value", "load_bundled", "load_checklist",
    "load_folder", "parse", "read_answers", "read_value", "requirement",
    "requirement_by_building", "show_value",
]
