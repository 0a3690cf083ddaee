"""What students see in nbgrader feedback: which tests failed and why, never hidden test code.

nbgrader's feedback is the autograded notebook rendered as HTML.  Left as it
is, it shows every hidden test, both in the test cells and in the tracebacks
of failed ones (IPython prints the lines around the failing ``assert``).  The
course's ``nbgrader_config.py`` therefore runs nbgrader's ``ClearHiddenTests``
and then :class:`ShortTracebacks`, which replaces each failed test's traceback
with its last line: the exception's name and the message written for the student.
"""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor

#: Printed in place of a failed test's traceback.
FAILED_TEST_NOTE = "This test failed: "


def _is_test_cell(cell: dict) -> bool:
    """Return True for an autograded test cell (a grade cell that is not an answer)."""
    marks = cell.get("metadata", {}).get("nbgrader", {})
    return bool(marks.get("grade")) and not marks.get("solution") and cell["cell_type"] == "code"


class ShortTracebacks(NbGraderPreprocessor):
    """Replace the tracebacks of failed test cells with one line: error name and message."""

    def preprocess_cell(self, cell, resources, index):  # noqa: D102 - nbconvert's interface
        if not _is_test_cell(cell):
            return cell, resources
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                message = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".strip()
                output["traceback"] = [FAILED_TEST_NOTE + message]
        return cell, resources
